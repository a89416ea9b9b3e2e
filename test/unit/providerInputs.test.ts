// What construct makes of its inputs before a component sees them (provider/inputs.ts).
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { settledInputs, unwrapSecrets } from "../../provider/inputs";

describe("the provider's inputs", () => {
    it("a known value leaves its Output; a null one reads as absent; plain values stay", async () => {
        const args = await settledInputs({
            domainId: pulumi.output("alice"),
            peer: pulumi.output(null),
            gatewayPort: 8081,
        });
        assert.deepEqual(args, { domainId: "alice", peer: undefined, gatewayPort: 8081 });
    });

    it("a secret stays a secret Output, and an unknown value the Output it is", async () => {
        const secret = pulumi.secret({ privateKey: "key" });
        const unknown = pulumi.output(pulumi.unknown as unknown as string);
        const args = await settledInputs({ connection: secret, hostIp: unknown });
        assert.equal(args.connection, secret);
        assert.equal(args.hostIp, unknown);
    });

    it("secrets as the RPC layer marks them are unwrapped at any depth", () => {
        const mark = (value: unknown) => ({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
            value,
        });
        assert.deepEqual(unwrapSecrets({ connection: mark({ host: "h", privateKey: mark("k") }), list: [mark(1)] }), {
            connection: { host: "h", privateKey: "k" },
            list: [1],
        });
    });
});
