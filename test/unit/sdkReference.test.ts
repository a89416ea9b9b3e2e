// docs/sdk-reference.md is what provider/sdkReference.ts makes from the schema, and the name rules it applies are
// gen-sdk's (the e2e languages suite checks them against the SDKs `pulumi install` generates).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { sdkReference, sdkReferencePath } from "../../provider/sdkReference";
import { goFile, goName, pythonModule, pythonName } from "../../provider/sdkNames";

const repo = path.resolve(__dirname, "../..");

describe("the SDK reference", () => {
    it("the committed docs/sdk-reference.md is the schema's (npm run docs:sdk writes it)", () => {
        assert.equal(fs.readFileSync(path.join(repo, sdkReferencePath), "utf8"), sdkReference());
    });

    it("names a property in each language's case", () => {
        const cases: [string, string, string][] = [
            ["domainId", "domain_id", "DomainId"],
            ["insecureAcceptAnyHostKey", "insecure_accept_any_host_key", "InsecureAcceptAnyHostKey"],
            ["apiHttpPort", "api_http_port", "ApiHttpPort"],
            ["peer", "peer", "Peer"],
        ];
        assert.deepEqual(
            cases.map(([name]) => [name, pythonName(name), goName(name)]),
            cases,
        );
    });

    it("names a resource's Python module and Go file", () => {
        assert.deepEqual(
            [pythonModule("KusciaAutonomyNode"), goFile("KusciaAutonomyNode")],
            ["kuscia_autonomy_node.py", "kusciaAutonomyNode.go"],
        );
    });
});
