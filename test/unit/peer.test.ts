import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { pem, stackOutputs } from "./harness";
import * as kuscia from "../../components";

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
