import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { named, registrations, settle, testHostKey } from "./harness";
import * as kuscia from "../../components";

const node = (domainId: string, host: string): kuscia.KusciaAutonomyNodeArgs => ({
    domainId,
    connection: { host, user: "op", privateKey: "k", hostKey: testHostKey },
    gatewayPort: 8081,
    containerDriver: "cli",
    privileged: false,
});

describe("KusciaCluster", () => {
    before(async () => {
        new kuscia.KusciaCluster("east", {
            nodes: [node("alice", "10.0.1.1"), node("bob", "10.0.1.2"), node("carol", "10.0.1.3")],
        });
        new kuscia.KusciaCluster("west", { nodes: [node("alice", "10.0.2.1"), node("bob", "10.0.2.2")] });
        await settle();
    });

    it("names its nodes and pairs after itself, so two clusters with the same domain ids live in one stack", () => {
        const ofType = (type: string) =>
            registrations
                .filter(r => r.type === type)
                .map(r => r.name)
                .sort();
        assert.deepEqual(ofType("kuscia:index:KusciaAutonomyNode"), [
            "east-alice",
            "east-bob",
            "east-carol",
            "west-alice",
            "west-bob",
        ]);
        assert.deepEqual(ofType("kuscia:index:MutualAuthorization"), [
            "east-alice-bob",
            "east-alice-carol",
            "east-bob-carol",
            "west-alice-bob",
        ]);
        assert.equal(named("east-alice-container").parent, named("east-alice").urn);
        assert.equal(named("east-alice").parent, named("east").urn);
    });
});
