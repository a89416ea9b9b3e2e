import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { pem, stackOutputs } from "./harness";
import { csrFor, domainCert, issue, nodeV03, opensslFingerprint } from "../support/pki";
import * as kuscia from "../../components";
import { handshakeProblems, partnerProblems } from "../../components/partnerHandshake";
import { sha256Fingerprint } from "../../components/core/x509";

const bob = nodeV03("bob");
const alice = nodeV03("alice");
const handshake: kuscia.PeerHandshakeV03 = {
    domainId: "bob",
    endpoint: "10.213.0.12:8082",
    csrPem: bob.csrPem,
    caCertPem: bob.caCertPem,
};
/** bob's handshake once bob granted alice: the certificate bob's CA issued for alice's CSR. */
const granted: kuscia.PeerHandshakeV03 = { ...handshake, issuedTo: "alice", issuedCertPem: issue("bob", alice.csrPem) };
const forAlice: kuscia.PartnerExpectation = { localDomainId: "alice", partnerDomainId: "bob" };
const domainIdRule =
    "must match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$: Kuscia makes a Kubernetes namespace of every domain id, " +
    "and a namespace name must be an RFC 1123 label (lower-case letters, digits and '-', at most 63 characters, no dots)";

describe("peer handshakes", () => {
    it("reads the partner's stack output as a plain value", async () => {
        stackOutputs["org/bob/prod"] = { handshake };
        const ref = new pulumi.StackReference("bob-stack", { name: "org/bob/prod" });
        assert.deepEqual(await kuscia.peerFromStack(ref, "handshake", forAlice), handshake);
    });

    it("gives undefined while the partner's stack has not published the output", async () => {
        stackOutputs["org/bob/new"] = {};
        const ref = new pulumi.StackReference("bob-new", { name: "org/bob/new" });
        assert.equal(await kuscia.peerFromStack(ref, "handshake", forAlice), undefined);
    });

    it("rejects a malformed handshake naming the field", async () => {
        stackOutputs["org/bob/bad"] = { handshake: { ...handshake, endpoint: "no-port" } };
        const ref = new pulumi.StackReference("bob-bad", { name: "org/bob/bad" });
        await assert.rejects(
            kuscia.peerFromStack(ref, "handshake"),
            /stack output 'handshake'.endpoint must be HOST:PORT/,
        );
    });

    it("refuses a partner's stack that claims another partner's domain id", async () => {
        const carol = nodeV03("carol");
        stackOutputs["org/carol/prod"] = {
            handshake: { ...handshake, csrPem: csrFor("carol", "bob"), caCertPem: carol.caCertPem },
        };
        const ref = new pulumi.StackReference("carol-stack", { name: "org/carol/prod" });
        assert.ok(
            await kuscia.peerFromStack(ref, "handshake", { localDomainId: "alice", partnerDomainId: "bob" }),
            "only a pin tells bob's handshake from carol's claiming bob's id",
        );
        await assert.rejects(
            kuscia.peerFromStack(ref, "handshake", { localDomainId: "alice", partnerDomainId: "carol" }),
            /stack output 'handshake'.domainId is 'bob', but the partner named for it is 'carol': refusing a handshake that claims another partner's domain id/,
        );
        await assert.rejects(
            kuscia.peerFromStack(ref, "handshake", {
                ...forAlice,
                partnerFingerprint: opensslFingerprint(bob.caCertPem),
            }),
            /stack output 'handshake'.caCertPem \(its ca.crt\) has SHA-256 fingerprint [0-9A-F:]{95}, not the one pinned for 'bob'/,
        );
    });

    const endpointRule = "must be HOST:PORT, HOST an IPv4 address or a DNS name (RFC 1123) and PORT from 1 to 65535";
    const malicious: [string, Record<string, unknown>, string[]][] = [
        ["sed injection in the endpoint", { endpoint: "x/;etouch${IFS}/tmp/p;#:1080" }, [`h.endpoint ${endpointRule}`]],
        ["command substitution in the endpoint", { endpoint: "$(reboot):1080" }, [`h.endpoint ${endpointRule}`]],
        ["an IPv6 endpoint", { endpoint: "[fd00::1]:1080" }, [`h.endpoint ${endpointRule}`]],
        ["port 0", { endpoint: "10.0.0.1:0" }, [`h.endpoint ${endpointRule}`]],
        ["port over 65535", { endpoint: "10.0.0.1:65536" }, [`h.endpoint ${endpointRule}`]],
        ["a DNS name is fine", { endpoint: "kuscia.bob.example:1080" }, []],
        ["shell in the domain id", { domainId: "bob;rm" }, [`h.domainId 'bob;rm' ${domainIdRule}`]],
        [
            "a domain id Kubernetes refuses as a namespace",
            { domainId: "bank.b2", csrPem: csrFor("bob", "bank.b2") },
            [`h.domainId 'bank.b2' ${domainIdRule}`],
        ],
        [
            "shell in a PEM body",
            { csrPem: "-----BEGIN CERTIFICATE REQUEST-----\n$(reboot)\n-----END CERTIFICATE REQUEST-----\n" },
            ["h.csrPem must be one PEM block of CERTIFICATE REQUEST"],
        ],
        [
            "text around a PEM block",
            { caCertPem: `${bob.caCertPem}echo pwned\n` },
            ["h.caCertPem must be one PEM block of CERTIFICATE"],
        ],
        [
            "mismatched PEM labels",
            { caCertPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n" },
            ["h.caCertPem must be one PEM block of CERTIFICATE"],
        ],
        [
            "a certificate as the CSR",
            { csrPem: bob.caCertPem },
            ["h.csrPem must be one PEM block of CERTIFICATE REQUEST"],
        ],
        [
            "a private key as the CA",
            { caCertPem: pem("RSA PRIVATE KEY", "k") },
            [
                "h.caCertPem must be one PEM block of CERTIFICATE",
                "h contains a private key: a handshake must hold public material only",
            ],
        ],
        [
            "a private key in a field of its own",
            { key: pem("PRIVATE KEY", "k") },
            ["h contains a private key: a handshake must hold public material only"],
        ],
        [
            "a certificate without whom it was issued to",
            { issuedCertPem: granted.issuedCertPem },
            ["h: issuedTo and issuedCertPem go together"],
        ],
        [
            "shell in issuedTo",
            { issuedTo: "$(reboot)", issuedCertPem: granted.issuedCertPem },
            ["h.issuedTo must be a domain id"],
        ],
        [
            "a CSR for another domain id",
            { csrPem: csrFor("bob", "carol") },
            ["h.csrPem asks for CN=carol, not for the handshake's domainId 'bob'"],
        ],
        [
            "a CSR block that is no CSR",
            { csrPem: pem("CERTIFICATE REQUEST", "junk") },
            ["h.csrPem is not a certificate request (PKCS#10)"],
        ],
        [
            "a CA block that is no certificate",
            { caCertPem: pem("CERTIFICATE", "junk") },
            ["h.caCertPem is not an X.509 certificate"],
        ],
        [
            "a certificate for alice that bob's CA did not sign",
            { issuedTo: "alice", issuedCertPem: issue("carol", alice.csrPem) },
            ["h.issuedCertPem is not signed by the handshake's caCertPem: a certificate the partner did not issue"],
        ],
        [
            "a certificate that names someone else than issuedTo",
            { issuedTo: "alice", issuedCertPem: issue("bob", csrFor("alice", "erin")) },
            ["h.issuedCertPem names CN=erin, not issuedTo 'alice'"],
        ],
        ["the 0.3 generation, said", { generation: "0.3" }, []],
        [
            "an unknown generation",
            { generation: "0.4" },
            [`h.generation "0.4" is not a Kuscia generation this library deploys ('0.3', '1.1')`],
        ],
        [
            "a 0.3 handshake that says 1.1",
            { generation: "1.1" },
            [
                "h.domainCertPem must be one PEM block of CERTIFICATE",
                "h.csrPem is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only",
                "h.caCertPem is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only",
            ],
        ],
        [
            "a generation that is no string",
            { generation: 3 },
            [`h.generation 3 is not a Kuscia generation this library deploys ('0.3', '1.1')`],
        ],
    ];
    for (const [title, over, expected] of malicious) {
        it(`handshake: ${title}`, () => assert.deepEqual(handshakeProblems("h", { ...handshake, ...over }), expected));
    }
    it("handshake: bob's, granted to alice", () => assert.deepEqual(handshakeProblems("h", granted), []));

    const bobPin = opensslFingerprint(bob.caCertPem);
    const recipient: [string, kuscia.PeerHandshakeV03, Partial<kuscia.PartnerExpectation>, string[]][] = [
        ["bob's, addressed to alice", granted, {}, []],
        [
            "a certificate issued to someone else",
            { ...handshake, issuedTo: "erin", issuedCertPem: issue("bob", csrFor("erin", "erin")) },
            {},
            ["h.issuedCertPem was issued to 'erin', not to 'alice'"],
        ],
        [
            "alice's own handshake",
            { ...alice, domainId: "alice", endpoint: "10.0.0.1:1" },
            {},
            ["h.domainId 'alice' is the local node's own domain id"],
        ],
        [
            "carol's, for a partner named carol",
            handshake,
            { partnerDomainId: "carol" },
            [
                "h.domainId is 'bob', but the partner named for it is 'carol': refusing a handshake that claims another partner's domain id",
            ],
        ],
        ["bob's, pinned as openssl prints the fingerprint", granted, { partnerFingerprint: bobPin }, []],
        [
            "bob's, pinned without colons, lower case",
            granted,
            { partnerFingerprint: bobPin.replace(/:/g, "").toLowerCase() },
            [],
        ],
        [
            "another CA under bob's id, pinned",
            { ...handshake, caCertPem: nodeV03("mallory").caCertPem },
            { partnerFingerprint: bobPin },
            [
                `h.caCertPem (its ca.crt) has SHA-256 fingerprint ${opensslFingerprint(nodeV03("mallory").caCertPem)}, not the one pinned for 'bob' (${bobPin}): ` +
                    "it is not the partner's certificate",
            ],
        ],
    ];
    for (const [title, h, over, expected] of recipient) {
        it(`handshake for alice: ${title}`, () =>
            assert.deepEqual(partnerProblems("h", h, { ...forAlice, ...over }), expected));
    }

    it("reads a handshake file for a given node, refusing one for another node or not JSON", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-"));
        const file = path.join(dir, "bob.json");
        fs.writeFileSync(
            file,
            JSON.stringify({ ...handshake, issuedTo: "erin", issuedCertPem: issue("bob", csrFor("erin", "erin")) }),
        );
        assert.ok(kuscia.peerFromFile(file), "without an expectation, any recipient");
        assert.throws(
            () => kuscia.peerFromFile(file, forAlice),
            new RegExp(`handshake file ${file}.issuedCertPem was issued to 'erin', not to 'alice'`),
        );
        fs.writeFileSync(file, "{ not json");
        assert.throws(
            () => kuscia.peerFromFile(file),
            (e: Error) =>
                e instanceof kuscia.KusciaValidationError && e.message.startsWith(`handshake file ${file} is not JSON`),
        );
    });

    it("reads a handshake file, and gives undefined while it is missing", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-"));
        const file = path.join(dir, "bob.json");
        assert.equal(kuscia.peerFromFile(file, forAlice), undefined);
        fs.writeFileSync(file, JSON.stringify(handshake));
        assert.deepEqual(kuscia.peerFromFile(file, forAlice), handshake);
        fs.writeFileSync(file, JSON.stringify({ ...handshake, domainId: "Bob" }));
        assert.throws(() => kuscia.peerFromFile(file), new RegExp(`handshake file ${file}.domainId 'Bob' must match`));
    });

    it("a Kuscia 1.1 domain.crt must name the domain id its handshake claims", () => {
        const h11 = (domainCertPem: string): kuscia.PeerHandshakeV11 => ({
            generation: "1.1",
            domainId: "bob",
            endpoint: "10.0.0.2:1080",
            domainCertPem,
        });
        assert.deepEqual(handshakeProblems("h", h11(domainCert("bob"))), []);
        assert.deepEqual(handshakeProblems("h", h11(domainCert("carol", "carol"))), [
            "h.domainCertPem names CN=carol, not the handshake's domainId 'bob'",
        ]);
        assert.deepEqual(handshakeProblems("h", h11(pem("CERTIFICATE", "junk"))), [
            "h.domainCertPem is not an X.509 certificate",
        ]);
    });
});

describe("fingerprints", () => {
    it("are what openssl prints for the certificate", () => {
        const cert = nodeV03("fp").caCertPem;
        assert.equal(sha256Fingerprint(cert), opensslFingerprint(cert));
    });
});
