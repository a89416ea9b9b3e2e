import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import {
    named,
    plain,
    resolve,
    settle,
    pem,
    registrations,
    isSecretValue,
    stdinFiles,
    stepLine,
    testHostKey,
    mockCsr,
    failedRegistrations,
} from "./harness";
import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "../../components";
import { csrFor, issue, nodeV03, opensslFingerprint } from "../support/pki";
import { sha256Fingerprint } from "../../components/core/x509";

const node = (name: string, host: string, port: number) =>
    new kuscia.KusciaAutonomyNode(name, {
        domainId: name,
        connection: { host, user: "op", privateKey: "k", hostKey: testHostKey },
        gatewayPort: port,
        privileged: false,
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
        const steps = registrations
            .filter(r => r.name.startsWith("ab-"))
            .map(r => r.name)
            .sort();
        assert.deepEqual(steps, ["ab-alice-grants-bob", "ab-alice-joins-bob", "ab-bob-grants-and-joins-alice"]);
        for (const s of steps) {
            assert.equal(named(s).parent, named("ab").urn);
            assert.equal(named(s).deleteBeforeReplace, true, s);
        }
    });

    it("alice grants bob on alice's host: bob's CSR as bob.domain.csr, add_domain.sh, revoke on delete", () => {
        const g = named("ab-alice-grants-bob");
        assert.equal(plain(g.inputs.connection).host, "10.213.0.11");
        const values = {
            CERTS_DIR: "/home/op/kuscia-autonomy-alice-certs",
            CONTAINER: "op-kuscia-autonomy-alice",
            SELF: "alice",
            PEER: "bob",
        };
        const bundle = "/home/op/kuscia-autonomy-alice-steps.sh";
        assert.deepEqual(stepLine(g.inputs.create), { bundle, steps: ["add-domain", "issued-cert"], values });
        assert.deepEqual(stepLine(g.inputs.delete), { bundle, steps: ["revoke"], values });
        assert.deepEqual(sentFiles(g.inputs.stdin), { "bob.domain.csr": mockCsr("bob-domain-csr", "bob") });
        assert.ok(g.dependencies.includes(named("alice-ready").urn));
    });

    it("bob, in one session, grants alice, joins alice with the certificate alice issued and verifies bob -> alice", () => {
        const s = named("ab-bob-grants-and-joins-alice");
        assert.equal(plain(s.inputs.connection).host, "10.213.0.12");
        const values = {
            CERTS_DIR: "/home/op/kuscia-autonomy-bob-certs",
            CONTAINER: "op-kuscia-autonomy-bob",
            SELF: "bob",
            PEER: "alice",
        };
        const bundle = "/home/op/kuscia-autonomy-bob-steps.sh";
        assert.deepEqual(stepLine(s.inputs.create), {
            bundle,
            steps: ["add-domain", "join", "verify", "issued-cert"],
            values: { ...values, PEER_ENDPOINT: "10.213.0.11:8081" },
        });
        assert.deepEqual(sentFiles(s.inputs.stdin), {
            "alice.domain.csr": mockCsr("alice-domain-csr", "alice"),
            "domain-2-alice.crt": pem("CERTIFICATE", "issued-by-ab-alice-grants-bob"),
            "alice.host.ca.crt": pem("CERTIFICATE", "cert-alice-ca-cert"),
        });
        assert.deepEqual(stepLine(s.inputs.delete), { bundle, steps: ["unjoin", "revoke"], values });
        assert.ok(s.dependencies.includes(named("bob-ready").urn));
    });

    it("alice, in one session, joins bob with the certificate bob issued (from bob's step) and verifies alice -> bob", () => {
        const j = named("ab-alice-joins-bob");
        assert.equal(plain(j.inputs.connection).host, "10.213.0.11");
        const values = {
            CERTS_DIR: "/home/op/kuscia-autonomy-alice-certs",
            CONTAINER: "op-kuscia-autonomy-alice",
            SELF: "alice",
            PEER: "bob",
        };
        const bundle = "/home/op/kuscia-autonomy-alice-steps.sh";
        assert.deepEqual(stepLine(j.inputs.create), {
            bundle,
            steps: ["join", "verify"],
            values: { ...values, PEER_ENDPOINT: "10.213.0.12:8082" },
        });
        assert.deepEqual(sentFiles(j.inputs.stdin), {
            "domain-2-bob.crt": pem("CERTIFICATE", "issued-by-ab-bob-grants-and-joins-alice"),
            "bob.host.ca.crt": pem("CERTIFICATE", "cert-bob-ca-cert"),
        });
        assert.deepEqual(stepLine(j.inputs.delete), { bundle, steps: ["unjoin"], values });
        assert.ok(j.dependencies.includes(named("alice-ready").urn));
    });

    it("publishes each node's handshake with the certificate it issued to the other; handshake is alice's", async () => {
        const hs = (await resolve(auth.handshakes)).value as Record<string, kuscia.PeerHandshakeV03>;
        assert.deepEqual(Object.keys(hs).sort(), ["alice", "bob"]);
        assert.deepEqual(
            [hs.alice.issuedTo, hs.alice.issuedCertPem],
            ["bob", pem("CERTIFICATE", "issued-by-ab-alice-grants-bob")],
        );
        assert.deepEqual(
            [hs.bob.issuedTo, hs.bob.issuedCertPem],
            ["alice", pem("CERTIFICATE", "issued-by-ab-bob-grants-and-joins-alice")],
        );
        assert.deepEqual(
            [hs.bob.domainId, hs.bob.endpoint, hs.bob.csrPem],
            ["bob", "10.213.0.12:8082", mockCsr("bob-domain-csr", "bob")],
        );
        assert.deepEqual((await resolve(auth.handshake)).value, hs.alice);
    });

    it("reports both directions verified", async () => {
        assert.equal((await resolve(auth.status)).value, "verified");
        assert.equal((await resolve(auth.message)).value, "ran ab-bob-grants-and-joins-alice; ran ab-alice-joins-bob");
    });

    it("rejects a node paired with itself", () => {
        const c = node("carol", "10.213.0.13", 8083);
        assert.throws(
            () => new kuscia.MutualAuthorization("cc", { nodes: [c, c] }),
            /cc.nodes are both domain 'carol'; a node cannot authorize itself/,
        );
    });
});

describe("MutualAuthorization across organisations", () => {
    const bob = nodeV03("bob");
    const bobFirst: kuscia.PeerHandshakeV03 = {
        domainId: "bob",
        endpoint: "10.213.0.12:8082",
        csrPem: bob.csrPem,
        caCertPem: bob.caCertPem,
    };
    /**
     * bob's handshake once bob granted `local`: the certificate bob's CA issued for `local`'s CSR (the mocks' real
     * one).
     */
    const bobLater = (local: string): kuscia.PeerHandshakeV03 => ({
        ...bobFirst,
        issuedTo: local,
        issuedCertPem: issue("bob", mockCsr(`${local}-domain-csr`, local)),
    });
    const cross = (
        name: string,
        local: kuscia.KusciaAutonomyNode,
        peer: kuscia.PeerHandshake | undefined,
        more: object = {},
    ) => new kuscia.MutualAuthorization(name, { local, partnerDomainId: "bob", peer, ...more });

    it("waits for the peer: no step, a handshake with public material and no certificate yet", async () => {
        const auth = cross("x1", node("dave", "10.213.0.14", 8084), undefined);
        const h = await resolve(auth.handshake);
        assert.equal(h.secret, false);
        assert.deepEqual(Object.keys(h.value).sort(), ["caCertPem", "csrPem", "domainId", "endpoint", "generation"]);
        assert.equal(h.value.generation, "0.3", "a handshake says its generation");
        assert.ok(!JSON.stringify(h.value).includes("PRIVATE KEY"));
        assert.equal((await resolve(auth.status)).value, "waiting-for-peer");
        assert.match((await resolve(auth.message)).value, /^dave: waiting for bob's handshake/);
        await settle();
        assert.deepEqual(
            registrations.filter(r => r.name.startsWith("x1-")).map(r => r.name),
            [],
        );
    });

    it("grants once the peer published its CSR, and publishes the certificate it issued", async () => {
        const auth = cross("x2", node("dan", "10.213.0.15", 8085), bobFirst);
        const h = await resolve(auth.handshake as pulumi.Output<kuscia.PeerHandshakeV03>);
        assert.equal(h.value.issuedTo, "bob");
        assert.equal(h.value.issuedCertPem, pem("CERTIFICATE", "issued-by-x2-dan-grants-bob"));
        assert.equal((await resolve(auth.status)).value, "granted");
        assert.match((await resolve(auth.message)).value, /waiting for bob to grant dan/);
        await settle();
        assert.deepEqual(
            registrations.filter(r => r.name.startsWith("x2-")).map(r => r.name),
            ["x2-dan-grants-bob"],
        );
        assert.deepEqual(sentFiles(named("x2-dan-grants-bob").inputs.stdin), { "bob.domain.csr": bob.csrPem });
    });

    it("joins and verifies once the peer issued a certificate to us, for our key", async () => {
        const later = bobLater("deb");
        const auth = cross("x3", node("deb", "10.213.0.16", 8086), later);
        assert.equal((await resolve(auth.status)).value, "verified");
        await settle();
        assert.deepEqual(
            registrations
                .filter(r => r.name.startsWith("x3-"))
                .map(r => r.name)
                .sort(),
            ["x3-deb-grants-bob", "x3-deb-joins-bob"],
        );
        assert.deepEqual(sentFiles(named("x3-deb-joins-bob").inputs.stdin), {
            "domain-2-bob.crt": later.issuedCertPem,
            "bob.host.ca.crt": bob.caCertPem,
        });
        assert.equal(isSecretValue(named("x3-deb-joins-bob").inputs.stdin), false);
    });

    it("never joins with a certificate bob issued for another key, though it names us", async () => {
        const local = node("dot", "10.213.0.17", 8087);
        const foreign = { ...bobFirst, issuedTo: "dot", issuedCertPem: issue("bob", csrFor("mallory", "dot")) };
        const reported = await failedRegistrations(async () => {
            cross("x7", local, foreign);
            await settle();
        });
        assert.equal(
            registrations.some(r => r.name === "x7-dot-joins-bob"),
            false,
            "the join waits for the key check, which fails",
        );
        assert.match(
            String(reported),
            /error serializing property "stdin": x7.peer.issuedCertPem does not carry dot's public key \(the key of its domain.csr\): the partner signed another CSR/,
            "the program fails with the reason",
        );
    });

    it("refuses a certificate issued to another domain, a peer with our own id, and a key in a handshake", () => {
        const dee = node("dee", "10.213.0.18", 8088);
        assert.throws(
            () => cross("x4", dee, bobLater("erin")),
            /x4.peer.issuedCertPem was issued to 'erin', not to 'dee'/,
        );
        assert.throws(
            () =>
                new kuscia.MutualAuthorization("x5", {
                    local: dee,
                    partnerDomainId: "dee",
                    peer: { ...bobFirst, domainId: "dee", csrPem: csrFor("bob", "dee") },
                }),
            /x5.partnerDomainId 'dee' is the local node's own domain id/,
        );
        assert.throws(
            () => cross("x6", dee, { ...bobFirst, caCertPem: pem("RSA PRIVATE KEY", "oops") }),
            /x6.peer contains a private key: a handshake must hold public material only/,
        );
    });

    it("refuses a handshake that claims to be another partner, and one whose CA is not the pinned one", () => {
        const dix = node("dix", "10.213.0.19", 8089);
        const carol = nodeV03("carol");
        const carolAsBob = { ...bobFirst, csrPem: csrFor("carol", "bob"), caCertPem: carol.caCertPem };
        assert.throws(
            () => new kuscia.MutualAuthorization("x8", { local: dix, partnerDomainId: "carol", peer: carolAsBob }),
            /x8.peer.domainId is 'bob', but the partner named for it is 'carol': refusing a handshake that claims another partner's domain id/,
        );
        assert.throws(
            () => cross("x9", dix, carolAsBob, { partnerFingerprint: opensslFingerprint(bob.caCertPem) }),
            /x9.peer.caCertPem \(its ca.crt\) has SHA-256 fingerprint .*, not the one pinned for 'bob'/,
        );
        assert.throws(
            () => new kuscia.MutualAuthorization("x10", { local: dix, peer: bobFirst } as any),
            /x10.partnerDomainId is required/,
        );
        assert.throws(
            () => cross("x11", dix, bobFirst, { partnerFingerprint: "12:34" }),
            /x11.partnerFingerprint must be a SHA-256 fingerprint/,
        );
        cross("x12", dix, bobFirst, { partnerFingerprint: opensslFingerprint(bob.caCertPem) });
    });

    it("refuses a second authorization of one node with the same partner id, naming both", () => {
        const dov = node("dov", "10.213.0.20", 8090);
        cross("x13", dov, undefined);
        assert.throws(
            () => cross("x14", dov, bobFirst),
            /x14 and x13 both authorize 'bob' on node 'dov': a node holds one authorization per partner domain id/,
        );
        const bo = node("bob", "10.213.0.21", 8091);
        assert.throws(
            () => new kuscia.MutualAuthorization("x15", { nodes: [dov, bo] }),
            /x15 and x13 both authorize 'bob' on node 'dov'/,
        );
    });

    it("publishes the node's trust fingerprint: its ca.crt's", async () => {
        const dim = node("dim", "10.213.0.22", 8092);
        const ca = ((await resolve(dim.handshake)).value as kuscia.PeerHandshakeV03).caCertPem;
        assert.equal((await resolve(dim.trustFingerprint)).value, sha256Fingerprint(ca));
    });
});
