// The library's remote steps, run for real on two lab hosts by the step runner (no Pulumi engine or
// plugins: they cannot be built here). Alice: identity in the stack (openssl stand-in for @pulumi/tls),
// bob: identity made on his host; both with the docker CLI driver.
import { describe, it, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as https from "node:https";
import { created, destroy, failures, value } from "./runner";
import { sshExec } from "./sshExec";
import * as kuscia from "../../components";
import { scriptCommand } from "../../components/shell";
import { ensureLab, sshOk } from "../lab/lab-env";
import type { LabHost, LabHosts } from "../../lab/state";

const minutes = (n: number) => n * 60_000;

function connectionOf(h: LabHost) {
    return { host: h.address, port: h.sshPort, user: h.user, privateKey: fs.readFileSync(h.privateKeyPath, "utf8"), hostKey: h.hostKey };
}

function ids(csv: string): Set<string> {
    const [header, ...rows] = csv.trim().split("\n");
    const col = header.split(",").indexOf("id");
    assert.ok(col >= 0, `no id column in ${header}`);
    return new Set(rows.map(r => r.split(",")[col]));
}

describe("library steps on two lab hosts", { timeout: minutes(20) }, () => {
    let lab: LabHosts;
    let alice: kuscia.KusciaAutonomyNode;
    let bob: kuscia.KusciaAutonomyNode;
    let trust: kuscia.MutualAuthorization;
    let job: kuscia.ExamplePsiJob;

    before(async () => {
        lab = ensureLab();
        const [h1, h2] = lab.hosts;
        for (const h of [h1, h2]) {
            sshOk(lab, h, `docker rm -f ${h.user}-steps-${h === h1 ? "alice" : "bob"} >/dev/null 2>&1; rm -rf ~/steps`);
        }
        const common = { image: lab.image, privileged: false, memory: "1G", demoData: true, containerDriver: "cli" as const };
        alice = new kuscia.KusciaAutonomyNode("alice", {
            ...common, domainId: "alice", connection: connectionOf(h1), gatewayPort: 18081, apiHttpPort: 23082, apiGrpcPort: 23083,
            rootDir: `${h1.home}/steps`, containerName: `${h1.user}-steps-alice`,
            secretflowImage: "secretflow/secretflow-lite-anolis8:1.1.0b0",
        });
        bob = new kuscia.KusciaAutonomyNode("bob", {
            ...common, domainId: "bob", connection: connectionOf(h2), gatewayPort: 18082, apiHttpPort: 23082, apiGrpcPort: 23083,
            rootDir: `${h2.home}/steps`, containerName: `${h2.user}-steps-bob`, identity: "host",
        });
        trust = new kuscia.MutualAuthorization("alice-bob", { nodes: [alice, bob] });
        job = new kuscia.ExamplePsiJob("psi", { node: alice, jobId: "psi-steps", after: [trust] });
    });

    after(async () => {
        await destroy();
    });

    it("verifies both directions with real mTLS handshakes", async () => {
        const message = await value(trust.message).catch(e => assert.fail(`${e}\n${failures.join("\n")}`));
        assert.match(message, /alice -> bob \(10\.213\.0\.12:18082\): mTLS handshake verified/);
        assert.match(message, /bob -> alice \(10\.213\.0\.11:18081\): mTLS handshake verified/);
    });

    it("placed the seed's files under the seed's names on each host", () => {
        const [h1, h2] = lab.hosts;
        const aliceFiles = sshOk(lab, h1, "ls ~/steps/kuscia-autonomy-alice-certs").split("\n");
        const bobFiles = sshOk(lab, h2, "ls ~/steps/kuscia-autonomy-bob-certs").split("\n");
        for (const f of ["domain.key", "domain.csr", "ca.crt", "bob.domain.csr", "bob.domain.crt", "domain-2-bob.crt", "bob.host.ca.crt"]) {
            assert.ok(aliceFiles.includes(f), `alice lacks ${f}: ${aliceFiles.join(" ")}`);
        }
        for (const f of ["domain.key", "domain.csr", "ca.crt", "alice.domain.csr", "alice.domain.crt", "domain-2-alice.crt", "alice.host.ca.crt"]) {
            assert.ok(bobFiles.includes(f), `bob lacks ${f}: ${bobFiles.join(" ")}`);
        }
        assert.equal(sshOk(lab, h1, "stat -c %a ~/steps/kuscia-autonomy-alice-certs ~/steps/kuscia-autonomy-alice-certs/domain.key").trim(), "700\n600");
    });

    it("runs the example PSI job to Succeeded with the true intersection on alice", async () => {
        assert.equal(await value(job.phase), "Succeeded");
        const [h1, h2] = lab.hosts;
        const a = ids(sshOk(lab, h1, "cat ~/steps/kuscia-autonomy-alice-data/alice.csv"));
        const b = ids(sshOk(lab, h2, "cat ~/steps/kuscia-autonomy-bob-data/bob.csv"));
        const expected = [...a].filter(x => b.has(x)).sort();
        assert.ok(expected.length > 0, "the demo tables overlap");
        const out = ids(sshOk(lab, h1, "cat ~/steps/kuscia-autonomy-alice-data/psi-output.csv"));
        assert.deepEqual([...out].sort(), expected);
    });

    it("registers the SecretFlow app image in alice's node", async () => {
        await value(job.phase);
        const [h1] = lab.hosts;
        const spec = sshOk(lab, h1, `docker exec ${h1.user}-steps-alice kubectl get appimage secretflow-image -o jsonpath='{.spec.image.name}:{.spec.image.tag}'`);
        assert.equal(spec.trim(), "secretflow/secretflow-lite-anolis8:1.1.0b0");
    });

    it("reads back bob's KusciaAPI credentials from his host as a secret, and alice's from the stack", async () => {
        for (const node of [alice, bob]) {
            const api = await value(node.api);
            assert.match(api.clientCertPem, /BEGIN CERTIFICATE/);
            assert.match(api.clientKeyPem, /PRIVATE KEY/);
            assert.match(api.token, /^\S{16,}$/);
            assert.equal(await (node.api as any).isSecret, true);
        }
    });

    it("the api output reaches each node's KusciaAPI over mTLS with the token", async () => {
        for (const [node, id] of [[alice, "alice"], [bob, "bob"]] as const) {
            const api = await value(node.api);
            const url = new URL("/api/v1/domain/query", api.endpoint);
            const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
                const req = https.request(url, {
                    method: "POST", ca: api.caCertPem, cert: api.clientCertPem, key: api.clientKeyPem,
                    headers: { "Content-Type": "application/json", Token: api.token },
                }, res => {
                    let text = "";
                    res.on("data", d => (text += d));
                    res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
                });
                req.on("error", reject);
                req.end(JSON.stringify({ domain_id: id }));
            });
            assert.equal(status, 200, `${id}: ${body}`);
            assert.match(body, new RegExp(`"${id}"`));
        }
    });

    it("keeps private keys out of every command line and outputs", async () => {
        for (const step of created) {
            assert.ok(!step.create.includes("PRIVATE KEY"), `${step.name} has a key in its command line`);
        }
        const handshake = await value(trust.handshake);
        assert.ok(!JSON.stringify(handshake).includes("PRIVATE KEY"));
    });

    it("names the direction and the cause when a partner is unreachable or revoked", async () => {
        const [h1] = lab.hosts;
        const conn = connectionOf(h1);
        const ctr = `${h1.user}-steps-alice`;
        const unreachable = await sshExec(conn, await value(scriptCommand(["lib.sh", "verify.sh"], [ctr, "alice", "bob", "10.213.0.12:1"])));
        assert.notEqual(unreachable.code, 0);
        assert.match(unreachable.stderr, /alice -> bob \(10\.213\.0\.12:1\): unreachable/);

        const revoke = created.find(s => s.name === "alice-bob-bob-grants-alice")!;
        const r = await sshExec(revoke.connection, revoke.delete!);
        assert.equal(r.code, 0, r.stderr);
        const refused = await sshExec(conn, await value(scriptCommand(["lib.sh", "verify.sh"], [ctr, "alice", "bob", "10.213.0.12:18082"])));
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, /alice -> bob \(10\.213\.0\.12:18082\): client refused/);
    });

    it("host identity keeps its keys but renews the gateway certificate when the host ip changes", async () => {
        const [, h2] = lab.hosts;
        const conn = connectionOf(h2);
        const dir = `${h2.home}/steps-identity`;
        const run = async (ip: string) => {
            const r = await sshExec(conn, await value(scriptCommand(["lib.sh", "host-identity.sh"],
                [lab.image, `${dir}/certs`, `${dir}/data`, "bob", ip, "steps-identity"])));
            assert.equal(r.code, 0, r.stderr);
            return r.stdout.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g)!;
        };
        try {
            const first = await run("10.213.0.12");
            const second = await run("10.213.0.99");
            assert.equal(first.length, 3);
            assert.equal(second[0], first[0], "same CSR");
            assert.equal(second[1], first[1], "same CA");
            assert.notEqual(second[2], first[2], "a new gateway certificate");
            const sans = sshOk(lab, h2, `openssl x509 -noout -ext subjectAltName -in ${dir}/certs/external_tls.crt`);
            assert.match(sans, /IP Address:10\.213\.0\.99/);
        } finally {
            await sshExec(conn, await value(scriptCommand(["lib.sh", "remove-certs-dir.sh"], [`${dir}/certs`])));
            sshOk(lab, h2, `rm -rf ${dir}`);
        }
    });

    it("destroy leaves no container, certs dir or partner file on either host", async () => {
        const errors = await destroy();
        assert.deepEqual(errors, []);
        const [h1, h2] = lab.hosts;
        for (const [h, id] of [[h1, "alice"], [h2, "bob"]] as const) {
            assert.equal(sshOk(lab, h, `docker ps -aq --filter name=^${h.user}-steps-${id}$`).trim(), "");
            assert.equal(sshOk(lab, h, `docker volume ls -q --filter name=${h.user}-steps-${id}-containerd`).trim(), "");
            assert.equal(sshOk(lab, h, `ls -d ~/steps/kuscia-autonomy-${id}-certs 2>/dev/null || true`).trim(), "");
        }
    });
});
