import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { named, plain, resolve, settle, pem, registrations, isSecretValue, stdinFiles, stepLine } from "./harness";
import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "../../components";

const node = (name: string, host: string, port: number) => new kuscia.KusciaAutonomyNode(name, {
    domainId: name, connection: { host, user: "op", privateKey: "k" }, gatewayPort: port, privileged: false,
});

function sentFiles(stdin: any): Record<string, string> {
    return Object.fromEntries(stdinFiles(stdin).map(f => [f.name, f.text]));
}

describe("MutualAuthorization between two nodes of one program", () => {
    let auth: kuscia.MutualAuthorization;
    before(async () => {
        const a = node("alice", "10.213.0.11", 8081);
        const b = node("bob", "10.213.0.12", 8082);
        auth = new kuscia.MutualAuthorization("ab", { nodes: [a, b] });
        await resolve(auth.message);
        await settle();
    });

    it("runs the pair in three steps (three SSH sessions), parented to the component", () => {
        const steps = registrations.filter(r => r.name.startsWith("ab-")).map(r => r.name).sort();
        assert.deepEqual(steps, ["ab-alice-grants-bob", "ab-alice-joins-bob", "ab-bob-grants-and-joins-alice"]);
        for (const s of steps) {
            assert.equal(named(s).parent, named("ab").urn);
            assert.equal(named(s).deleteBeforeReplace, true, s);
        }
    });

    it("alice grants bob on alice's host: bob's CSR as bob.domain.csr, add_domain.sh, revoke on delete", () => {
        const g = named("ab-alice-grants-bob");
        assert.equal(plain(g.inputs.connection).host, "10.213.0.11");
        const values = { CERTS_DIR: "/home/op/kuscia-autonomy-alice-certs", CONTAINER: "op-kuscia-autonomy-alice", SELF: "alice", PEER: "bob" };
        const bundle = "/home/op/kuscia-autonomy-alice-steps.sh";
        assert.deepEqual(stepLine(g.inputs.create), { bundle, steps: ["grant", "issued-cert"], values });
        assert.deepEqual(stepLine(g.inputs.delete), { bundle, steps: ["revoke"], values });
        assert.deepEqual(sentFiles(g.inputs.stdin), { "bob.domain.csr": pem("CERTIFICATE REQUEST", "csr-bob-domain-csr") });
        assert.ok(g.dependencies.includes(named("alice-ready").urn));
    });

    it("bob, in one session, grants alice, joins alice with the certificate alice issued and verifies bob -> alice", () => {
        const s = named("ab-bob-grants-and-joins-alice");
        assert.equal(plain(s.inputs.connection).host, "10.213.0.12");
        const values = { CERTS_DIR: "/home/op/kuscia-autonomy-bob-certs", CONTAINER: "op-kuscia-autonomy-bob", SELF: "bob", PEER: "alice" };
        const bundle = "/home/op/kuscia-autonomy-bob-steps.sh";
        assert.deepEqual(stepLine(s.inputs.create), { bundle, steps: ["grant", "join", "verify", "issued-cert"], values: { ...values, PEER_ENDPOINT: "10.213.0.11:8081" } });
        assert.deepEqual(sentFiles(s.inputs.stdin), {
            "alice.domain.csr": pem("CERTIFICATE REQUEST", "csr-alice-domain-csr"),
            "domain-2-alice.crt": pem("CERTIFICATE", "issued-by-ab-alice-grants-bob"),
            "alice.host.ca.crt": pem("CERTIFICATE", "cert-alice-ca-cert"),
        });
        assert.deepEqual(stepLine(s.inputs.delete), { bundle, steps: ["unjoin", "revoke"], values });
        assert.ok(s.dependencies.includes(named("bob-ready").urn));
    });

    it("alice, in one session, joins bob with the certificate bob issued (from bob's step) and verifies alice -> bob", () => {
        const j = named("ab-alice-joins-bob");
        assert.equal(plain(j.inputs.connection).host, "10.213.0.11");
        const values = { CERTS_DIR: "/home/op/kuscia-autonomy-alice-certs", CONTAINER: "op-kuscia-autonomy-alice", SELF: "alice", PEER: "bob" };
        const bundle = "/home/op/kuscia-autonomy-alice-steps.sh";
        assert.deepEqual(stepLine(j.inputs.create), { bundle, steps: ["join", "verify"], values: { ...values, PEER_ENDPOINT: "10.213.0.12:8082" } });
        assert.deepEqual(sentFiles(j.inputs.stdin), {
            "domain-2-bob.crt": pem("CERTIFICATE", "issued-by-ab-bob-grants-and-joins-alice"),
            "bob.host.ca.crt": pem("CERTIFICATE", "cert-bob-ca-cert"),
        });
        assert.deepEqual(stepLine(j.inputs.delete), { bundle, steps: ["unjoin"], values });
        assert.ok(j.dependencies.includes(named("alice-ready").urn));
    });

    it("publishes each node's handshake with the certificate it issued to the other; handshake is alice's", async () => {
        const hs = (await resolve(auth.handshakes)).value as Record<string, kuscia.PeerHandshake03>;
        assert.deepEqual(Object.keys(hs).sort(), ["alice", "bob"]);
        assert.deepEqual([hs.alice.issuedTo, hs.alice.issuedCertPem], ["bob", pem("CERTIFICATE", "issued-by-ab-alice-grants-bob")]);
        assert.deepEqual([hs.bob.issuedTo, hs.bob.issuedCertPem], ["alice", pem("CERTIFICATE", "issued-by-ab-bob-grants-and-joins-alice")]);
        assert.deepEqual([hs.bob.domainId, hs.bob.endpoint, hs.bob.csrPem], ["bob", "10.213.0.12:8082", pem("CERTIFICATE REQUEST", "csr-bob-domain-csr")]);
        assert.deepEqual((await resolve(auth.handshake)).value, hs.alice);
    });

    it("reports both directions verified", async () => {
        assert.equal((await resolve(auth.status)).value, "verified");
        assert.equal((await resolve(auth.message)).value, "ran ab-bob-grants-and-joins-alice; ran ab-alice-joins-bob");
    });

    it("rejects a node paired with itself", () => {
        const c = node("carol", "10.213.0.13", 8083);
        assert.throws(() => new kuscia.MutualAuthorization("cc", { nodes: [c, c] }),
            /cc.nodes are both domain 'carol'; a node cannot authorize itself/);
    });
});

describe("MutualAuthorization across organisations", () => {
    const bobCsr = pem("CERTIFICATE REQUEST", "bob-csr");
    const bobCa = pem("CERTIFICATE", "bob-ca");
    const bobFirst: kuscia.PeerHandshake = { domainId: "bob", endpoint: "10.213.0.12:8082", csrPem: bobCsr, caCertPem: bobCa };
    const bobLater: kuscia.PeerHandshake = { ...bobFirst, issuedTo: "dave", issuedCertPem: pem("CERTIFICATE", "dave-by-bob") };
    let dave: kuscia.KusciaAutonomyNode;
    before(() => {
        dave = node("dave", "10.213.0.14", 8084);
    });

    it("waits for the peer: no step, a handshake with public material and no certificate yet", async () => {
        const auth = new kuscia.MutualAuthorization("x1", { local: dave, peer: undefined });
        const h = await resolve(auth.handshake);
        assert.equal(h.secret, false);
        assert.deepEqual(Object.keys(h.value).sort(), ["caCertPem", "csrPem", "domainId", "endpoint", "generation"]);
        assert.equal(h.value.generation, "0.3", "a handshake says its generation");
        assert.ok(!JSON.stringify(h.value).includes("PRIVATE KEY"));
        assert.equal((await resolve(auth.status)).value, "waiting-for-peer");
        assert.match((await resolve(auth.message)).value, /^dave: waiting for the partner's handshake/);
        await settle();
        assert.deepEqual(registrations.filter(r => r.name.startsWith("x1-")).map(r => r.name), []);
    });

    it("grants once the peer published its CSR, and publishes the certificate it issued", async () => {
        const auth = new kuscia.MutualAuthorization("x2", { local: dave, peer: bobFirst });
        const h = await resolve(auth.handshake as pulumi.Output<kuscia.PeerHandshake03>);
        assert.equal(h.value.issuedTo, "bob");
        assert.equal(h.value.issuedCertPem, pem("CERTIFICATE", "issued-by-x2-dave-grants-bob"));
        assert.equal((await resolve(auth.status)).value, "granted");
        assert.match((await resolve(auth.message)).value, /waiting for bob to grant dave/);
        await settle();
        assert.deepEqual(registrations.filter(r => r.name.startsWith("x2-")).map(r => r.name), ["x2-dave-grants-bob"]);
        assert.deepEqual(sentFiles(named("x2-dave-grants-bob").inputs.stdin), { "bob.domain.csr": bobCsr });
    });

    it("joins and verifies once the peer issued a certificate to us", async () => {
        const auth = new kuscia.MutualAuthorization("x3", { local: dave, peer: bobLater });
        assert.equal((await resolve(auth.status)).value, "verified");
        await settle();
        assert.deepEqual(registrations.filter(r => r.name.startsWith("x3-")).map(r => r.name).sort(),
            ["x3-dave-grants-bob", "x3-dave-joins-bob"]);
        assert.deepEqual(sentFiles(named("x3-dave-joins-bob").inputs.stdin), {
            "domain-2-bob.crt": pem("CERTIFICATE", "dave-by-bob"), "bob.host.ca.crt": bobCa,
        });
        assert.equal(isSecretValue(named("x3-dave-joins-bob").inputs.stdin), false);
    });

    it("refuses a certificate issued to another domain, a peer with our own id, and a key in a handshake", () => {
        assert.throws(() => new kuscia.MutualAuthorization("x4", { local: dave, peer: { ...bobLater, issuedTo: "erin" } }),
            /x4.peer.issuedCertPem was issued to 'erin', not to 'dave'/);
        assert.throws(() => new kuscia.MutualAuthorization("x5", { local: dave, peer: { ...bobFirst, domainId: "dave" } }),
            /x5.peer.domainId 'dave' is the local node's own domain id/);
        assert.throws(() => new kuscia.MutualAuthorization("x6", { local: dave, peer: { ...bobFirst, caCertPem: pem("RSA PRIVATE KEY", "oops") } }),
            /x6.peer contains a private key: a handshake must hold public material only/);
    });
});
