import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { pem, stackOutputs } from "./harness";
import * as kuscia from "../../components";
import { handshakeProblems } from "../../components/peer";

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
            ["h.csrPem must be a PEM block"]],
        ["text around a PEM block", { caCertPem: `${pem("CERTIFICATE", "ca")}echo pwned\n` }, ["h.caCertPem must be a PEM block"]],
        ["mismatched PEM labels", { caCertPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n" },
            ["h.caCertPem must be a PEM block"]],
        ["a private key as the CA", { caCertPem: pem("RSA PRIVATE KEY", "k") },
            ["h contains a private key: a handshake must hold public material only"]],
    ];
    for (const [title, over, expected] of malicious) {
        it(`handshake: ${title}`, () => assert.deepEqual(handshakeProblems("h", { ...handshake, ...over }), expected));
    }

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
