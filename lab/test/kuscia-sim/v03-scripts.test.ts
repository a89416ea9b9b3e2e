import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tempRootV03, V03Node } from "./helpers/node-v03";

const x509 = (file: string) => new crypto.X509Certificate(fs.readFileSync(file));
const sans = (file: string) => (x509(file).subjectAltName ?? "").split(", ").sort();
/** The init container's own address, which the real scripts add as a SAN (`ip -4 addr show eth0`). */
const eth0 = os.networkInterfaces().eth0?.find(i => i.family === "IPv4")?.address ?? "127.0.0.1";
const sorted = (xs: string[]) => [...xs].sort();

describe("node scripts", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;

    before(async () => {
        root = tempRootV03("scripts");
        alice = await V03Node.create("alice", root);
        bob = await V03Node.create("bob", root);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    // What a second run rewrites and keeps, as Kuscia's scripts do: identity-fidelity.test.ts.
    it("init_domain_certs.sh creates the keys, CSR and CA, and keeps the keys after", async () => {
        await alice.mustScript("deploy/init_domain_certs.sh", ["alice"]);
        for (const f of ["domain.key", "domain.csr", "ca.key", "ca.crt"]) assert.ok(fs.existsSync(alice.file(f)), f);
        const ca = x509(alice.file("ca.crt"));
        assert.equal(ca.subject, "CN=Kuscia");
        assert.ok(ca.ca);
        const before = ["domain.key", "ca.key"].map(f => fs.readFileSync(alice.file(f), "utf8"));
        const out = await alice.mustScript("deploy/init_domain_certs.sh", ["alice"]);
        assert.match(out, /kept domain.key/);
        assert.deepEqual(
            ["domain.key", "ca.key"].map(f => fs.readFileSync(alice.file(f), "utf8")),
            before,
        );
        const r = await alice.script("deploy/init_domain_certs.sh");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /missing argument/);
    });

    it("init_external_tls_cert.sh signs the gateway cert with the host IP", async () => {
        await alice.mustScript("deploy/init_external_tls_cert.sh", ["alice", "IP:10.213.0.11"]);
        const crt = alice.file("external_tls.crt");
        assert.deepEqual(
            sans(crt),
            sorted(["DNS:localhost", "IP Address:10.213.0.11", "IP Address:127.0.0.1", `IP Address:${eth0}`]),
        );
        assert.ok(x509(crt).checkIssued(x509(alice.file("ca.crt"))));
        await alice.mustScript("deploy/init_external_tls_cert.sh", ["alice", "IP:127.0.0.1"]);
        assert.deepEqual(
            sans(crt),
            sorted(["DNS:localhost", "IP Address:127.0.0.1", `IP Address:${eth0}`, "IP Address:127.0.0.1"]),
            "appended as given, as Kuscia's script does",
        );
    });

    it("init_kusciaapi_cert.sh makes the KusciaAPI pairs, and the token once", async () => {
        await alice.mustScript("deploy/init_kusciaapi_cert.sh", ["test-kuscia-autonomy-alice", "10.213.0.11"]);
        const server = alice.file("kusciaapi-server.crt");
        assert.deepEqual(
            sans(server),
            sorted([
                "DNS:localhost",
                "DNS:test-kuscia-autonomy-alice",
                "IP Address:10.213.0.11",
                "IP Address:127.0.0.1",
                `IP Address:${eth0}`,
            ]),
        );
        assert.equal(x509(alice.file("kusciaapi-client.crt")).subject, "CN=KusciaAPIClient");
        assert.match(fs.readFileSync(alice.file("kusciaapi-client.key"), "utf8"), /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
        const token = fs.readFileSync(alice.file("token"), "utf8");
        assert.match(token, /^[0-9a-f]{64}$/);
        await alice.mustScript("deploy/init_kusciaapi_cert.sh", ["test-kuscia-autonomy-alice", "10.213.0.11"]);
        assert.equal(fs.readFileSync(alice.file("token"), "utf8"), token);
    });

    it("add_domain.sh needs the partner's CSR, and signs whatever CSR it finds there (as Kuscia 0.3.0b0's)", async () => {
        await bob.initCerts();
        let r = await alice.script("deploy/add_domain.sh", ["bob", "test-kuscia-autonomy-alice", "p2p"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /bob\.domain\.csr not found: copy bob's domain\.csr there first/);
        fs.copyFileSync(alice.file("domain.csr"), alice.file("bob.domain.csr"));
        r = await alice.script("deploy/add_domain.sh", ["bob", "test-kuscia-autonomy-alice", "p2p"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            x509(alice.file("bob.domain.crt")).subject,
            "CN=alice",
            "a CSR for another CN is signed all the same",
        );
        r = await alice.script("deploy/add_domain.sh", ["bob", "test-kuscia-autonomy-alice", "p2p"]);
        assert.equal(
            r.code,
            0,
            `a re-run annotates with the same value, which kubectl allows without --overwrite: ${r.stderr}`,
        );
        await alice.kubectl(["annotate", "domain/bob", "kuscia.secretflow/domain-type=other", "--overwrite"]);
        r = await alice.script("deploy/add_domain.sh", ["bob", "test-kuscia-autonomy-alice", "p2p"]);
        assert.equal(r.code, 1, "no --overwrite: another value of the annotation stops the script");
        assert.match(
            r.stderr,
            new RegExp(
                String.raw`--overwrite is false but found the following declared annotation\(s\): ` +
                    String.raw`'kuscia.secretflow\/domain-type' already has a value \(other\)`,
            ),
        );
        await alice.kubectl(["delete", "domain", "bob"]);
    });

    it("add_domain.sh signs the CSR and grants the partner: Domain, annotation, inbound route", async () => {
        fs.copyFileSync(bob.file("domain.csr"), alice.file("bob.domain.csr"));
        const out = await alice.mustScript("deploy/add_domain.sh", ["bob", "test-kuscia-autonomy-alice", "p2p"]);
        assert.match(out, /domain.kuscia.secretflow\/bob created/);
        const crt = alice.file("bob.domain.crt");
        assert.equal(x509(crt).subject, "CN=bob");
        assert.ok(x509(crt).verify(x509(alice.file("ca.crt")).publicKey));
        const domain = JSON.parse((await alice.kubectl(["get", "domain", "bob", "-o", "json"])).stdout);
        assert.equal(domain.spec.role, "partner");
        assert.deepEqual(domain.spec.interConnProtocols, ["kuscia"]);
        assert.equal(Buffer.from(domain.spec.cert, "base64").toString(), fs.readFileSync(crt, "utf8"));
        assert.equal(domain.metadata.annotations["kuscia.secretflow/domain-type"], "embedded");
        const route = JSON.parse((await alice.kubectl(["get", "dr", "bob-alice", "-n", "alice", "-o", "json"])).stdout);
        assert.equal(route.spec.source, "bob");
        assert.equal(route.spec.destination, "alice");
        assert.equal(route.spec.endpoint.host, "test-kuscia-autonomy-alice");
        assert.equal(route.spec.endpoint.ports[0].port, 1080);
        assert.match(route.spec.requestHeadersToAdd.Authorization, /^Bearer \S+$/);
    });

    it("join_to_host.sh needs the host's CA and signed cert, then writes the MTLS route and InteropConfig", async () => {
        let r = await bob.script("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:8081"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /alice\.host\.ca\.crt not found: copy alice's ca\.crt there first/);
        fs.copyFileSync(alice.file("ca.crt"), bob.file("alice.host.ca.crt"));
        r = await bob.script("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:8081"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /domain-2-alice\.crt not found/);
        fs.copyFileSync(alice.file("bob.domain.crt"), bob.file("domain-2-alice.crt"));
        await bob.mustScript("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:8081"]);
        const route = JSON.parse((await bob.kubectl(["get", "dr", "bob-alice", "-n", "bob", "-o", "json"])).stdout);
        assert.deepEqual(route.spec.endpoint, {
            host: "10.213.0.11",
            ports: [{ name: "http", protocol: "HTTP", isTLS: true, port: 8081 }],
        });
        assert.equal(route.spec.authenticationType, "MTLS");
        const b64 = (f: string) => fs.readFileSync(bob.file(f)).toString("base64");
        assert.equal(route.spec.mTLSConfig.tlsCA, b64("alice.host.ca.crt"));
        assert.equal(route.spec.mTLSConfig.sourceClientCert, b64("domain-2-alice.crt"));
        assert.equal(route.spec.mTLSConfig.sourceClientPrivateKey, b64("domain.key"));
        const interop = JSON.parse((await bob.kubectl(["get", "interopconfig", "bob-2-alice", "-o", "json"])).stdout);
        assert.deepEqual(interop.spec, { host: "alice", members: ["bob"] });
        await bob.mustScript("deploy/join_to_host.sh", ["bob", "alice", "alicehost"]);
        const portless = JSON.parse((await bob.kubectl(["get", "dr", "bob-alice", "-n", "bob", "-o", "json"])).stdout);
        assert.equal(portless.spec.endpoint.ports[0].port, 80);
    });

    it(
        "join_to_host.sh cuts the endpoint as Kuscia 0.3.0b0's: " + "host before the first colon, port after the last",
        async () => {
            const endpoint = async () =>
                JSON.parse((await bob.kubectl(["get", "dr", "bob-alice", "-n", "bob", "-o", "json"])).stdout).spec
                    .endpoint;
            await bob.mustScript("deploy/join_to_host.sh", ["bob", "alice", "https://10.213.0.11:8081"]);
            assert.deepEqual(
                [(await endpoint()).host, (await endpoint()).ports[0].port],
                ["https", 8081],
                "a scheme is no scheme: the host is 'https'",
            );
            await bob.mustScript("deploy/join_to_host.sh", ["bob", "alice", "[fd00::11]:8081"]);
            assert.equal((await endpoint()).host, "[fd00", "an IPv6 endpoint cannot work on 0.3");
            const r = await bob.script("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:http"]);
            assert.equal(r.code, 1);
            assert.match(r.stderr, /spec\.endpoint\.ports\[0\]\.port in body must be of type integer: "string"/);
        },
    );

    it(
        "join_to_host.sh always writes an MTLS route: -a Token and -a None only drop the client certificate, -t is " +
            "never written",
        async () => {
            const spec = async () =>
                JSON.parse((await bob.kubectl(["get", "dr", "bob-alice", "-n", "bob", "-o", "json"])).stdout).spec;
            let r = await bob.script("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:8081", "-a", "Token"]);
            assert.equal(r.code, 1);
            assert.match(r.stderr, /missing argument -t \{\{token\}\}/);
            await bob.mustScript("deploy/join_to_host.sh", [
                "bob",
                "alice",
                "10.213.0.11:8081",
                "-a",
                "Token",
                "-t",
                "s3cret",
            ]);
            const token = await spec();
            assert.equal(token.authenticationType, "MTLS");
            assert.deepEqual([token.mTLSConfig.sourceClientCert, token.mTLSConfig.sourceClientPrivateKey], ["", ""]);
            assert.ok(!JSON.stringify(token).includes("s3cret"));
            r = await bob.script("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:8081", "-a", "Bogus"]);
            assert.equal(r.code, 0, "the real script prints its usage and exits 0");
            assert.match(r.stderr, /illegal value for -a/);
            await bob.mustScript("deploy/join_to_host.sh", ["bob", "alice", "10.213.0.11:8081"]);
            assert.notEqual((await spec()).mTLSConfig.sourceClientCert, "");
        },
    );

    it("create_example_job.sh applies a PSI KusciaJob between alice and bob", async () => {
        let out = await alice.mustScript("user/create_example_job.sh");
        const name = /Job '(secretflow-task-\d{14})' created successfully/.exec(out)?.[1];
        assert.ok(name, out);
        const job = JSON.parse((await alice.kubectl(["get", "kj", name!, "-o", "json"])).stdout);
        assert.equal(job.spec.initiator, "alice");
        assert.equal(job.spec.tasks.length, 1);
        assert.deepEqual(job.spec.tasks[0].parties, [{ domainID: "alice" }, { domainID: "bob" }]);
        assert.equal(job.spec.tasks[0].taskID, `${name}-single-psi`);
        assert.equal(JSON.parse(job.spec.tasks[0].taskInputConfig).sf_node_eval_param.name, "psi");
        out = await bob.mustScript("user/create_example_job.sh", ["PSI", "job-on-bob"]);
        const bobJob = JSON.parse((await bob.kubectl(["get", "kj", "job-on-bob", "-o", "json"])).stdout);
        assert.equal(bobJob.spec.initiator, "bob");
        const bad = await alice.script("user/create_example_job.sh", ["PSI", "Bad_Name"]);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /job name should match/);
        const badKind = await alice.script("user/create_example_job.sh", ["LR"]);
        assert.equal(badKind.code, 1);
        assert.match(badKind.stderr, /invalid arguments: JOB_EXAMPLE=LR/);
    });

    it("the demo tables overlap on a known set of ids", () => {
        const ids = (party: string) =>
            fs
                .readFileSync(path.join(alice.code, "var", "storage", "data", `${party}.csv`), "utf8")
                .trim()
                .split("\n")
                .slice(1)
                .map(l => l.split(",")[0]);
        const a = ids("alice");
        const b = new Set(ids("bob"));
        assert.equal(a.length, 600);
        assert.equal(b.size, 600);
        assert.equal(new Set(a).size, 600);
        assert.equal(a.filter(id => b.has(id)).length, 200);
    });
});
