// The simulator's init scripts and key loading against what Kuscia 0.3.0b0 really does
// (scripts/deploy/init_*.sh, pkg/gateway/utils/crypt.go): what a second run rewrites, what it keeps,
// subjects, SANs and key formats; and a node refusing keys Kuscia cannot read.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import { after, before, describe, it } from "node:test";
import { tempRootV03, V03Node } from "./helpers/node-v03";

const x509 = (file: string) => new crypto.X509Certificate(fs.readFileSync(file));
const sans = (file: string) => (x509(file).subjectAltName ?? "").split(", ").sort();
const read = (file: string) => fs.readFileSync(file, "utf8");
const firstPemType = (file: string) => /-----BEGIN ([A-Z ]+)-----/.exec(read(file))?.[1];
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** What the real scripts put in as the init container's own address (`ip -4 addr show eth0`). */
const eth0 = os.networkInterfaces().eth0?.find(i => i.family === "IPv4")?.address ?? "127.0.0.1";

interface Snapshot {
    text: string;
    mtimeMs: number;
}

function snapshot(node: V03Node, files: string[]): Record<string, Snapshot> {
    return Object.fromEntries(
        files.map(f => [f, { text: read(node.file(f)), mtimeMs: fs.statSync(node.file(f)).mtimeMs }]),
    );
}

describe("identity fidelity: init scripts and key formats as in Kuscia 0.3.0b0", () => {
    let root: string;
    let alice: V03Node;

    before(async () => {
        root = tempRootV03("identity");
        alice = await V03Node.create("alice", root);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it(
        "init_domain_certs.sh keeps both keys (PKCS#1) but " + "rewrites domain.csr and re-issues ca.crt on every run",
        async () => {
            await alice.mustScript("deploy/init_domain_certs.sh", ["alice"]);
            const files = ["domain.key", "ca.key", "domain.csr", "ca.crt"];
            const first = snapshot(alice, files);
            assert.equal(
                firstPemType(alice.file("domain.key")),
                "RSA PRIVATE KEY",
                "domain.key is PKCS#1 (openssl 1.1 genrsa)",
            );
            assert.equal(
                firstPemType(alice.file("ca.key")),
                "RSA PRIVATE KEY",
                "ca.key is PKCS#1 (openssl 1.1 genrsa)",
            );
            assert.equal(crypto.createPrivateKey(first["domain.key"].text).asymmetricKeyDetails?.modulusLength, 2048);
            const csr = execFileSync(
                "openssl",
                ["req", "-in", alice.file("domain.csr"), "-noout", "-subject", "-text"],
                {
                    encoding: "utf8",
                },
            );
            assert.match(csr, /subject=CN ?= ?alice\n/);
            assert.match(csr, /1\.2\.3\.4:/, "the CSR carries the CSR_TOKEN extension 1.2.3.4");
            const ca = x509(alice.file("ca.crt"));
            assert.equal(ca.subject, "CN=Kuscia");
            assert.ok(ca.ca);

            await sleep(30);
            await alice.mustScript("deploy/init_domain_certs.sh", ["alice"]);
            const second = snapshot(alice, files);
            for (const f of ["domain.key", "ca.key"]) {
                assert.equal(second[f].text, first[f].text, `${f} kept`);
                assert.equal(second[f].mtimeMs, first[f].mtimeMs, `${f} not rewritten`);
            }
            assert.ok(second["domain.csr"].mtimeMs > first["domain.csr"].mtimeMs, "domain.csr rewritten");
            assert.equal(
                second["domain.csr"].text,
                first["domain.csr"].text,
                "same key and subject: the same CSR bytes (PKCS#1 v1.5 signatures are deterministic)",
            );
            assert.notEqual(second["ca.crt"].text, first["ca.crt"].text, "ca.crt re-issued (new serial and dates)");
            const ca2 = x509(alice.file("ca.crt"));
            assert.notEqual(ca2.serialNumber, ca.serialNumber);
            assert.ok(ca2.publicKey.equals(ca.publicKey), "by the same CA key");
        },
    );

    it(
        "init_external_tls_cert.sh makes a new PKCS#1 key and certificate on every run, CN ID_ENVOY_EXTERNAL, with the " +
            "container's own address",
        async () => {
            const files = ["external_tls.key", "external_tls.crt"];
            await alice.mustScript("deploy/init_external_tls_cert.sh", ["alice", "IP:10.213.0.11"]);
            const first = snapshot(alice, files);
            const crt = alice.file("external_tls.crt");
            assert.equal(x509(crt).subject, "CN=alice_ENVOY_EXTERNAL");
            assert.deepEqual(
                sans(crt),
                ["DNS:localhost", "IP Address:10.213.0.11", "IP Address:127.0.0.1", `IP Address:${eth0}`].sort(),
            );
            assert.ok(x509(crt).checkIssued(x509(alice.file("ca.crt"))));
            assert.ok(x509(crt).verify(x509(alice.file("ca.crt")).publicKey));
            assert.equal(firstPemType(alice.file("external_tls.key")), "RSA PRIVATE KEY");

            await alice.mustScript("deploy/init_external_tls_cert.sh", ["alice", "IP:10.213.0.11"]);
            const second = snapshot(alice, files);
            assert.notEqual(
                second["external_tls.key"].text,
                first["external_tls.key"].text,
                "a new key, even with nothing changed",
            );
            assert.notEqual(
                second["external_tls.crt"].text,
                first["external_tls.crt"].text,
                "a new certificate, even with nothing changed",
            );
            assert.deepEqual(
                sans(crt),
                ["DNS:localhost", "IP Address:10.213.0.11", "IP Address:127.0.0.1", `IP Address:${eth0}`].sort(),
            );
        },
    );

    it(
        "init_kusciaapi_cert.sh re-makes both pairs on every run (server PKCS#1, client PKCS#8) and keeps the 64-hex " +
            "token",
        async () => {
            const files = [
                "kusciaapi-server.key",
                "kusciaapi-server.crt",
                "kusciaapi-client.key",
                "kusciaapi-client.crt",
                "token",
            ];
            await alice.mustScript("deploy/init_kusciaapi_cert.sh", ["test-kuscia-autonomy-alice", "10.213.0.11"]);
            const first = snapshot(alice, files);
            assert.equal(x509(alice.file("kusciaapi-server.crt")).subject, "CN=KusciaAPI");
            assert.deepEqual(
                sans(alice.file("kusciaapi-server.crt")),
                [
                    "DNS:localhost",
                    "DNS:test-kuscia-autonomy-alice",
                    "IP Address:10.213.0.11",
                    "IP Address:127.0.0.1",
                    `IP Address:${eth0}`,
                ].sort(),
            );
            assert.equal(x509(alice.file("kusciaapi-client.crt")).subject, "CN=KusciaAPIClient");
            assert.equal(firstPemType(alice.file("kusciaapi-server.key")), "RSA PRIVATE KEY");
            assert.equal(firstPemType(alice.file("kusciaapi-client.key")), "PRIVATE KEY", "genpkey: PKCS#8");
            assert.match(first.token.text, /^[0-9a-f]{64}$/);

            await alice.mustScript("deploy/init_kusciaapi_cert.sh", ["test-kuscia-autonomy-alice", "10.213.0.11"]);
            const second = snapshot(alice, files);
            for (const f of files.filter(f => f !== "token"))
                assert.notEqual(second[f].text, first[f].text, `${f} re-made`);
            assert.deepEqual(second.token, first.token, "token kept (only made when missing)");
        },
    );

    describe("a node given keys Kuscia cannot read", () => {
        let bob: V03Node;
        let pkcs1: { ca: string; domain: string };
        const toPkcs8 = (pem: string) =>
            crypto.createPrivateKey(pem).export({ type: "pkcs8", format: "pem" }).toString();

        before(async () => {
            bob = await V03Node.create("bob", root);
            await bob.initCerts();
            pkcs1 = { ca: read(bob.file("ca.key")), domain: read(bob.file("domain.key")) };
        });
        after(() => bob.stop());

        it("starts with the PKCS#1 keys the init scripts wrote", async () => {
            await bob.start();
            await bob.stop();
        });

        it("refuses to start with a PKCS#8 ca.key, as EnsureCaKeyAndCert does", async () => {
            fs.writeFileSync(bob.file("ca.key"), toPkcs8(pkcs1.ca));
            bob.log = "";
            await assert.rejects(
                bob.start(),
                /daemon exited 1:[\s\S]*invalid private key, should be PEM block format[\s\S]*ca\.key/,
            );
            fs.writeFileSync(bob.file("ca.key"), pkcs1.ca);
        });

        it("refuses to start with a PKCS#8 domain.key, as the gateway does", async () => {
            fs.writeFileSync(bob.file("domain.key"), toPkcs8(pkcs1.domain));
            bob.log = "";
            await assert.rejects(
                bob.start(),
                new RegExp(
                    String.raw`daemon exited 1:[\s\S]*failed to add scheme, detail-> ` +
                        String.raw`invalid private key, should be PEM block format[\s\S]*domain\.key`,
                ),
            );
            fs.writeFileSync(bob.file("domain.key"), pkcs1.domain);
        });
    });
});
