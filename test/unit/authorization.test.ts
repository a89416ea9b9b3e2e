import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { named, plain, resolve, settle, pem, registrations, isSecretValue, stdinFiles } from "./harness";
import * as kuscia from "../../components";

const node = (name: string, host: string, port: number) => new kuscia.KusciaAutonomyNode(name, {
    domainId: name, connection: { host, user: "op", privateKey: "k" }, gatewayPort: port, privileged: false,
});

function bundle(stdin: any): Record<string, string> {
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

    it("runs grant, join and verify for each direction, parented to the component", () => {
        const steps = registrations.filter(r => r.name.startsWith("ab-")).map(r => r.name).sort();
        assert.deepEqual(steps, ["ab-alice-grants-bob", "ab-alice-joins-bob", "ab-alice-verifies-bob",
            "ab-bob-grants-alice", "ab-bob-joins-alice", "ab-bob-verifies-alice"]);
        for (const s of steps) {
            assert.equal(named(s).parent, named("ab").urn);
            assert.equal(named(s).deleteBeforeReplace, true, s);
        }
    });

    it("grants on the granting host: the partner's CSR as <peer>.domain.csr, add_domain.sh, revoke on delete", async () => {
        const g = named("ab-bob-grants-alice");
        assert.equal(plain(g.inputs.connection).host, "10.213.0.12");
        assert.ok(plain(g.inputs.create).endsWith(" 'kuscia-grant' '/home/op/kuscia-autonomy-bob-certs' 'op-kuscia-autonomy-bob' 'bob' 'alice'"));
        assert.ok(plain(g.inputs.create).includes("scripts/deploy/add_domain.sh \"$peer\" \"$ctr\" p2p"));
        assert.ok(plain(g.inputs.delete).endsWith(" 'kuscia-revoke' '/home/op/kuscia-autonomy-bob-certs' 'op-kuscia-autonomy-bob' 'bob' 'alice'"));
        assert.deepEqual(bundle(g.inputs.stdin), { "alice.domain.csr": pem("CERTIFICATE REQUEST", "csr-alice-domain-csr") });
        assert.ok(g.dependencies.includes(named("bob-ready").urn));
    });

    it("joins on the joining host with the certificate the host issued and the host's CA, then verifies", () => {
        const j = named("ab-alice-joins-bob");
        assert.equal(plain(j.inputs.connection).host, "10.213.0.11");
        assert.ok(plain(j.inputs.create).endsWith(" 'kuscia-join' '/home/op/kuscia-autonomy-alice-certs' 'op-kuscia-autonomy-alice' 'alice' 'bob' '10.213.0.12:8082'"));
        assert.deepEqual(bundle(j.inputs.stdin), {
            "domain-2-bob.crt": pem("CERTIFICATE", "issued-by-ab-bob-grants-alice"),
            "bob.host.ca.crt": pem("CERTIFICATE", "cert-bob-ca-cert"),
        });
        assert.ok(plain(j.inputs.delete).endsWith(" 'kuscia-unjoin' '/home/op/kuscia-autonomy-alice-certs' 'op-kuscia-autonomy-alice' 'alice' 'bob'"));
        assert.ok(j.dependencies.includes(named("alice-ready").urn));
        const v = named("ab-alice-verifies-bob");
        assert.ok(plain(v.inputs.create).endsWith(" 'kuscia-verify' 'op-kuscia-autonomy-alice' 'alice' 'bob' '10.213.0.12:8082'"));
        assert.ok(v.dependencies.includes(j.urn));
    });

    it("reports both directions verified", async () => {
        assert.equal((await resolve(auth.status)).value, "verified");
        assert.equal((await resolve(auth.message)).value, "ran ab-alice-verifies-bob; ran ab-bob-verifies-alice");
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
        const auth = new kuscia.MutualAuthorization("x1", { local: dave });
        const h = await resolve(auth.handshake);
        assert.equal(h.secret, false);
        assert.deepEqual(Object.keys(h.value).sort(), ["caCertPem", "csrPem", "domainId", "endpoint"]);
        assert.ok(!JSON.stringify(h.value).includes("PRIVATE KEY"));
        assert.equal((await resolve(auth.status)).value, "waiting-for-peer");
        assert.match((await resolve(auth.message)).value, /^dave: waiting for the partner's handshake/);
        await settle();
        assert.deepEqual(registrations.filter(r => r.name.startsWith("x1-")).map(r => r.name), []);
    });

    it("grants once the peer published its CSR, and publishes the certificate it issued", async () => {
        const auth = new kuscia.MutualAuthorization("x2", { local: dave, peer: bobFirst });
        const h = await resolve(auth.handshake);
        assert.equal(h.value.issuedTo, "bob");
        assert.equal(h.value.issuedCertPem, pem("CERTIFICATE", "issued-by-x2-dave-grants-bob"));
        assert.equal((await resolve(auth.status)).value, "granted");
        assert.match((await resolve(auth.message)).value, /waiting for bob to grant dave/);
        await settle();
        assert.deepEqual(registrations.filter(r => r.name.startsWith("x2-")).map(r => r.name), ["x2-dave-grants-bob"]);
        assert.deepEqual(bundle(named("x2-dave-grants-bob").inputs.stdin), { "bob.domain.csr": bobCsr });
    });

    it("joins and verifies once the peer issued a certificate to us", async () => {
        const auth = new kuscia.MutualAuthorization("x3", { local: dave, peer: bobLater });
        assert.equal((await resolve(auth.status)).value, "verified");
        await settle();
        assert.deepEqual(registrations.filter(r => r.name.startsWith("x3-")).map(r => r.name).sort(),
            ["x3-dave-grants-bob", "x3-dave-joins-bob", "x3-dave-verifies-bob"]);
        assert.deepEqual(bundle(named("x3-dave-joins-bob").inputs.stdin), {
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
