// The library's host-identity step (components/v03/scripts/host-identity.sh), run on one lab host over
// ssh from the library's bundle of steps, as its remote command runs it, against the simulator's init scripts, which
// behave like Kuscia 0.3.0b0's: each run rewrites what it makes (ca.crt, the gateway and KusciaAPI
// keys and certificates). A re-run with nothing missing must write nothing and print the same; a new
// host ip must renew only the certificates that name it (gateway, KusciaAPI).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, describe } from "node:test";
import { generationSteps } from "../../components/kusciaGenerations";
import { stepArguments } from "../../components/core/remoteSteps";
import { LabHost, LabHosts, readHosts } from "../../lab/state";
import { ensureLab, exec, q, repoRoot, ssh, sshOk } from "../../lab/testing";
import { steps } from "./steps";

/** This checkout's lab, with a third host (host3, which the other lab tests leave alone) added when it has none. */
function labWithHost3(): LabHosts {
    const lab = ensureLab();
    if (lab.hosts.some(h => h.name === "host3")) return lab;
    const r = exec(
        path.join(repoRoot, "node_modules", ".bin", "tsx"),
        [path.join(repoRoot, "lab", "cli.ts"), "up", "3"],
        { timeoutMs: 30 * 60_000 },
    );
    if (r.status !== 0) throw new Error(`lab up 3 failed:\n${r.stdout}\n${r.stderr}`);
    return readHosts()!;
}

const lab = labWithHost3();

const pemBlocks = (text: string) => text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];

describe("host identity on a lab host (host3)", { timeout: 10 * 60_000 }, () => {
    const L = lab as LabHosts;
    const host = L?.hosts.find(h => h.name === "host3") as LabHost;
    const dir = `${host?.home}/e2e-identity`;
    const certs = `${dir}/certs`;
    const step = steps();

    const run = async (ip: string) => {
        const args = stepArguments(generationSteps(), ["host-identity"], {
            IMAGE: L.image,
            CERTS_DIR: certs,
            DATA_DIR: `${dir}/data`,
            DOMAIN_ID: "bob",
            HOST_IP: ip,
            CONTAINER: "e2e-identity",
        });
        const r = ssh(L, host, `bash -s ${args}`, generationSteps().text, 5 * 60_000);
        assert.equal(r.status, 0, `host-identity.sh exited ${r.status}:\n${r.stderr}`);
        const blocks = pemBlocks(r.stdout);
        assert.equal(blocks.length, 3, `CSR, CA, gateway certificate:\n${r.stdout}`);
        return { stdout: r.stdout, stderr: r.stderr, csr: blocks[0], ca: blocks[1], gateway: blocks[2] };
    };

    /** Every file of the certs dir: its mtime (on the host) and a hash and first line of its content
     * (read in a throw-away container, as the keys are root's, mode 600, as in the real image). */
    const snapshot = (): Map<string, string> => {
        const mtimes = sshOk(L, host, `cd ${q(certs)} && stat -c '%n %y' *`)
            .trim()
            .split("\n");
        const hashes = sshOk(L, host, `docker run --rm -v ${q(certs)}:/c:ro ${q(L.image)} sh -c 'cd /c && sha256sum *'`)
            .trim()
            .split("\n");
        const files = new Map<string, string>();
        for (const line of mtimes) {
            const name = line.split(" ")[0];
            files.set(name, line);
        }
        for (const line of hashes) {
            const [hash, name] = line.split(/\s+/);
            files.set(name, `${files.get(name)} ${hash}`);
        }
        return files;
    };
    const header = (file: string) =>
        sshOk(L, host, `docker run --rm -v ${q(certs)}:/c:ro ${q(L.image)} head -n1 /c/${file}`).trim();
    const sans = (file: string) =>
        sshOk(
            L,
            host,
            `docker run --rm -v ${q(certs)}:/c:ro ${q(L.image)} openssl x509 -noout -text -in /c/${file}`,
        ).match(/Subject Alternative Name:\s*\n\s*(.*)/)?.[1] ?? "";
    const gatewaySans = () => sans("external_tls.crt");

    let first: Awaited<ReturnType<typeof run>>;
    let firstFiles: Map<string, string>;
    let secondFiles: Map<string, string>;

    // The dirs are the login user's (the files the init containers write in them are root's: unlinking
    // needs only the dir); through a container when that is not enough.
    const clean = () =>
        sshOk(
            L,
            host,
            `rm -rf ${q(dir)} 2>/dev/null || docker run --rm -v "$HOME:/h" --entrypoint rm ${q(L.image)} -rf /h/e2e-identity`,
        );
    after(() => {
        if (host) clean();
    });

    step("lab has host3, and no identity left in ~/e2e-identity", () => {
        assert.ok(host, "no host3 in .lab/hosts.json (npm run lab -- up 3)");
        clean();
    });

    step(
        "a first run makes the identity with Kuscia's formats, the gateway certificate naming the host ip",
        async () => {
            first = await run("10.213.0.13");
            firstFiles = snapshot();
            for (const f of [
                "domain.key",
                "domain.csr",
                "ca.key",
                "ca.crt",
                "external_tls.key",
                "external_tls.crt",
                "kusciaapi-server.key",
                "kusciaapi-server.crt",
                "kusciaapi-client.key",
                "kusciaapi-client.crt",
                "token",
            ]) {
                assert.ok(firstFiles.has(f), `${f} made`);
            }
            // PKCS#1 for the keys Kuscia's Go code parses, PKCS#8 for the KusciaAPI client's (no key headers in tracked
            // files).
            const begin = (label: string) => `-----BEGIN ${label}-----`;
            assert.equal(header("domain.key"), begin(["RSA", "PRIVATE", "KEY"].join(" ")));
            assert.equal(header("ca.key"), begin(["RSA", "PRIVATE", "KEY"].join(" ")));
            assert.equal(header("kusciaapi-client.key"), begin(["PRIVATE", "KEY"].join(" ")));
            assert.match(gatewaySans(), /IP Address:10\.213\.0\.13(,|$)/);
        },
    );

    step("a re-run with the same ip runs no init script, writes nothing and prints the same", async () => {
        await new Promise(r => setTimeout(r, 1100));
        const second = await run("10.213.0.13");
        assert.equal(second.stdout, first.stdout, "identical public material: nothing to restart");
        secondFiles = snapshot();
        assert.deepEqual(
            [...secondFiles.entries()].sort(),
            [...firstFiles.entries()].sort(),
            "every file's mtime and content unchanged",
        );
    });

    step(
        "a new ip renews the certificates that name it (gateway, KusciaAPI) only: same CSR, CA and token",
        async () => {
            await new Promise(r => setTimeout(r, 1100));
            const third = await run("10.213.0.99");
            assert.equal(third.csr, first.csr, "same CSR");
            assert.equal(third.ca, first.ca, "same CA");
            assert.notEqual(third.gateway, first.gateway, "a new gateway certificate");
            for (const file of ["external_tls.crt", "kusciaapi-server.crt"]) {
                assert.match(sans(file), /IP Address:10\.213\.0\.99(,|$)/, file);
                assert.doesNotMatch(sans(file), /IP Address:10\.213\.0\.13(,|$)/, file);
            }
            const thirdFiles = snapshot();
            const renewed = /^(external_tls|kusciaapi-server|kusciaapi-client)\.|^ca\.srl$/;
            for (const [name, line] of secondFiles) {
                if (renewed.test(name)) continue;
                assert.equal(thirdFiles.get(name), line, `${name} untouched`);
            }
            for (const name of ["external_tls.crt", "kusciaapi-server.crt"]) {
                assert.notEqual(thirdFiles.get(name), secondFiles.get(name), `${name} renewed`);
            }
        },
    );

    step("cleans up", () => {
        clean();
        assert.equal(ssh(L, host, `test -e ${q(dir)}`).status, 1);
    });
});
