import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { pem, stackOutputs } from "./harness";
import * as kuscia from "../../components";
import { handshakeProblems, recipientProblems } from "../../components/peer";

const handshake: kuscia.PeerHandshake = {
    domainId: "bob", endpoint: "10.213.0.12:8082",
    csrPem: pem("CERTIFICATE REQUEST", "bob"), caCertPem: pem("CERTIFICATE", "bob-ca"),
};

describe("peer handshakes", () => {
    it("reads the partner's stack output as a plain value", async () => {
        stackOutputs["org/bob/prod"] = { handshake };
        const ref = new pulumi.StackReference("bob-stack", { name: "org/bob/prod" });
        assert.deepEqual(await kuscia.peerFromStack(ref, "handshake"), handshake);
    });

    it("gives undefined while the partner's stack has not published the output", async () => {
        stackOutputs["org/bob/new"] = {};
        const ref = new pulumi.StackReference("bob-new", { name: "org/bob/new" });
        assert.equal(await kuscia.peerFromStack(ref, "handshake"), undefined);
    });

    it("rejects a malformed handshake naming the field", async () => {
        stackOutputs["org/bob/bad"] = { handshake: { ...handshake, endpoint: "no-port" } };
        const ref = new pulumi.StackReference("bob-bad", { name: "org/bob/bad" });
        await assert.rejects(kuscia.peerFromStack(ref, "handshake"), /stack output 'handshake'.endpoint must be HOST:PORT/);
    });

    const endpointRule = "must be HOST:PORT, HOST an IPv4 address or a DNS name (RFC 1123) and PORT from 1 to 65535";
    const malicious: [string, Record<string, unknown>, string[]][] = [
        ["sed injection in the endpoint", { endpoint: "x/;etouch${IFS}/tmp/p;#:1080" }, [`h.endpoint ${endpointRule}`]],
        ["command substitution in the endpoint", { endpoint: "$(reboot):1080" }, [`h.endpoint ${endpointRule}`]],
        ["an IPv6 endpoint", { endpoint: "[fd00::1]:1080" }, [`h.endpoint ${endpointRule}`]],
        ["port 0", { endpoint: "10.0.0.1:0" }, [`h.endpoint ${endpointRule}`]],
        ["port over 65535", { endpoint: "10.0.0.1:65536" }, [`h.endpoint ${endpointRule}`]],
        ["a DNS name is fine", { endpoint: "kuscia.bob.example:1080" }, []],
        ["shell in the domain id", { domainId: "bob;rm" },
            ["h.domainId 'bob;rm' must match ^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$ (lower-case letters, digits, '-' and '.', at most 63 characters)"]],
        ["shell in a PEM body", { csrPem: "-----BEGIN CERTIFICATE REQUEST-----\n$(reboot)\n-----END CERTIFICATE REQUEST-----\n" },
            ["h.csrPem must be one PEM block of CERTIFICATE REQUEST"]],
        ["text around a PEM block", { caCertPem: `${pem("CERTIFICATE", "ca")}echo pwned\n` }, ["h.caCertPem must be one PEM block of CERTIFICATE"]],
        ["mismatched PEM labels", { caCertPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n" },
            ["h.caCertPem must be one PEM block of CERTIFICATE"]],
        ["a certificate as the CSR", { csrPem: pem("CERTIFICATE", "c") }, ["h.csrPem must be one PEM block of CERTIFICATE REQUEST"]],
        ["a private key as the CA", { caCertPem: pem("RSA PRIVATE KEY", "k") },
            ["h.caCertPem must be one PEM block of CERTIFICATE", "h contains a private key: a handshake must hold public material only"]],
        ["a private key in a field of its own", { key: pem("PRIVATE KEY", "k") },
            ["h contains a private key: a handshake must hold public material only"]],
        ["a certificate without whom it was issued to", { issuedCertPem: pem("CERTIFICATE", "c") }, ["h: issuedTo and issuedCertPem go together"]],
        ["shell in issuedTo", { issuedTo: "$(reboot)", issuedCertPem: pem("CERTIFICATE", "c") }, ["h.issuedTo must be a domain id"]],
        ["the 0.3 generation, said", { generation: "0.3" }, []],
        ["an unknown generation", { generation: "0.4" }, [`h.generation "0.4" is not a Kuscia generation this library deploys ('0.3', '1.1')`]],
        ["a 0.3 handshake that says 1.1", { generation: "1.1" }, ["h.domainCertPem must be one PEM block of CERTIFICATE",
            "h.csrPem is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only", "h.caCertPem is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only"]],
        ["a generation that is no string", { generation: 3 }, [`h.generation 3 is not a Kuscia generation this library deploys ('0.3', '1.1')`]],
    ];
    for (const [title, over, expected] of malicious) {
        it(`handshake: ${title}`, () => assert.deepEqual(handshakeProblems("h", { ...handshake, ...over }), expected));
    }

    const recipient: [string, Record<string, unknown>, string[]][] = [
        ["addressed to alice", { issuedTo: "alice", issuedCertPem: pem("CERTIFICATE", "c") }, []],
        ["a certificate issued to someone else", { issuedTo: "erin", issuedCertPem: pem("CERTIFICATE", "c") },
            ["h.issuedCertPem was issued to 'erin', not to 'alice'"]],
        ["alice's own handshake", { domainId: "alice" }, ["h.domainId 'alice' is the local node's own domain id"]],
    ];
    for (const [title, over, expected] of recipient) {
        it(`handshake for alice: ${title}`, () => assert.deepEqual(recipientProblems("h", { ...handshake, ...over } as any, "alice"), expected));
    }

    it("reads a handshake file for a given node, refusing one for another node or not JSON", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-"));
        const file = path.join(dir, "bob.json");
        fs.writeFileSync(file, JSON.stringify({ ...handshake, issuedTo: "erin", issuedCertPem: pem("CERTIFICATE", "c") }));
        assert.ok(kuscia.peerFromFile(file), "without a local domain id, any recipient");
        assert.throws(() => kuscia.peerFromFile(file, "alice"), new RegExp(`handshake file ${file}.issuedCertPem was issued to 'erin', not to 'alice'`));
        fs.writeFileSync(file, "{ not json");
        assert.throws(() => kuscia.peerFromFile(file), (e: Error) => e instanceof kuscia.KusciaValidationError && e.message.startsWith(`handshake file ${file} is not JSON`));
    });

    it("reads a handshake file, and gives undefined while it is missing", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-"));
        const file = path.join(dir, "bob.json");
        assert.equal(kuscia.peerFromFile(file), undefined);
        fs.writeFileSync(file, JSON.stringify(handshake));
        assert.deepEqual(kuscia.peerFromFile(file), handshake);
        fs.writeFileSync(file, JSON.stringify({ ...handshake, domainId: "Bob" }));
        assert.throws(() => kuscia.peerFromFile(file), new RegExp(`handshake file ${file}.domainId 'Bob' must match`));
    });
});
