// The root program (Pulumi.yaml + index.ts) on the real engine: its default config plans a Kuscia
// cluster, and with three nodes on three lab hosts it builds a verified mesh of three pairs; removing
// one node revokes it on the others and leaves their own pair verified.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ensureLab } from "../../lab/testing";
import { inNode, job } from "../support/seed-node";
import { certsDirFiles, kusciaObjects, sshLoginsDuring } from "../support/hosts";
import { assertJoined, assertNodeRemoved, clearNodes } from "../support/node-checks";
import { blockPublishedPort } from "./interference";
import { plannedSteps, urnOf } from "./plan";
import { FileBackend, ok, tail } from "../support/pulumi";
import { clusterConfig, rootNode, rootStack } from "../support/root-program";

const lab = ensureLab();

describe("the root program's default config", { timeout: 10 * 60_000 }, () => {
    const backend = new FileBackend("root-default");
    const stack = rootStack(backend, "e2e-default");
    before(() => stack.init());
    after(async () => {
        await stack.remove();
        backend.remove();
    });

    it("previews a two-node cluster with its mesh and job, opening no SSH session", async () => {
        const { result: planned, logins } = await sshLoginsDuring(lab.hosts, () => plannedSteps(stack));
        const ofType = (t: string) => planned.filter(p => p.type === t).map(p => p.name);
        assert.deepEqual(
            ofType("kuscia:index:KusciaAutonomyNode").sort(),
            ["kuscia-alice", "kuscia-bob"],
            "the nodes it plans",
        );
        assert.deepEqual(ofType("kuscia:index:MutualAuthorization"), ["kuscia-alice-bob"]);
        assert.deepEqual(ofType("kuscia:index:KusciaCluster"), ["kuscia"]);
        assert.deepEqual(Object.values(logins).flat(), [], "a preview logs in nowhere");
    });
});

describe("the root program: three nodes on three lab hosts", { timeout: 30 * 60_000 }, () => {
    const nodes = ["alice", "bob", "carol"].map((id, i) =>
        rootNode(lab, "e2e-mesh", {
            id,
            host: i,
            gatewayPort: 19081 + i,
            containerDriver: i === 2 ? "cli" : "docker",
            demoData: true,
        }),
    );
    const backend = new FileBackend("root-mesh");
    const stack = rootStack(backend, "e2e-mesh");
    let deployed = false;

    before(async () => {
        clearNodes(lab, nodes);
        await stack.init();
        await stack.setConfig(
            clusterConfig(nodes, { "kuscia:exampleJobFrom": "alice", "kuscia:exampleJobId": "psi-mesh" }),
        );
    });
    after(async () => {
        if (deployed) await stack.destroy();
        await stack.remove();
        clearNodes(lab, nodes);
        backend.remove();
    });

    it("pulumi up verifies all six directions and runs the example job", async () => {
        const up = ok(await stack.up());
        deployed = true;
        const out = await stack.outputs();
        assert.deepEqual(out.endpoints, Object.fromEntries(nodes.map(n => [n.id, `${n.host.address}:${n.port}`])));
        assert.equal(out.exampleJobPhase, "Succeeded", tail(up));
        assert.equal(job(lab, nodes[0], "psi-mesh").status.phase, "Succeeded");
    });

    it("each node holds exactly its two partners' Domains and routes, and reaches both over mTLS", () => {
        for (const n of nodes) {
            const others = nodes.filter(o => o !== n).map(o => o.id);
            const domains = kusciaObjects(lab, n, "domain").filter(d => d !== n.id);
            assert.deepEqual(domains.sort(), [...others].sort(), `${n.id}'s partner Domains`);
            assert.deepEqual(
                kusciaObjects(lab, n, "domainroute", n.id).sort(),
                others.flatMap(o => [`${o}-${n.id}`, `${n.id}-${o}`]).sort(),
                `${n.id}'s routes`,
            );
            for (const o of nodes.filter(x => x !== n)) assertJoined(lab, n, o);
        }
    });

    it("a preview right after the up plans no change", async () => {
        const preview = await stack.previewExpectingNoChanges();
        assert.equal(preview.status, 0, tail(preview, 80));
    });

    it(
        "verify failures as an operator meets them: a revoked grant, then an unreachable gateway, each named; " +
            "re-running the steps repairs",
        async () => {
            const [alice, bob, carol] = nodes;
            const rerun = async (...names: string[]) =>
                stack.run([
                    "up",
                    "--yes",
                    ...(await Promise.all(names.map(n => urnOf(stack, n)))).flatMap(u => ["--replace", u]),
                ]);
            // bob revokes alice by hand: her partner traffic is refused by bob's token auth.
            inNode(lab, bob, "kubectl delete domainroute alice-bob -n bob");
            const revoked = await rerun("kuscia-alice-bob-alice-joins-bob");
            assert.notEqual(revoked.status, 0, tail(revoked));
            assert.match(
                `${revoked.stdout}\n${revoked.stderr}`,
                new RegExp(
                    String.raw`alice -> bob \(10\.213\.0\.12:19082\): refused by bob's token auth \(HTTP 401 [^)]*\): ` +
                        String.raw`bob does not grant alice \(no DomainRoute alice-bob in bob's namespace\)\. ` +
                        String.raw`Grant again, or it was revoked\.`,
                ),
                tail(revoked, 60),
            );
            ok(await rerun("kuscia-alice-bob-bob-grants-and-joins-alice", "kuscia-alice-bob-alice-joins-bob"));
            assertJoined(lab, alice, bob);
            // A firewall in front of carol's gateway.
            const unblock = blockPublishedPort(carol.host, carol.port);
            try {
                const unreachable = await rerun("kuscia-alice-carol-alice-joins-carol");
                assert.notEqual(unreachable.status, 0, tail(unreachable));
                assert.match(
                    `${unreachable.stdout}\n${unreachable.stderr}`,
                    new RegExp(
                        String.raw`alice -> carol \(10\.213\.0\.13:19083\): unreachable \([^)]*\)\. Check carol's endpoint, ` +
                            String.raw`that its gateway port is published and that the firewall lets \S+ reach it\.`,
                    ),
                    tail(unreachable, 60),
                );
            } finally {
                unblock();
            }
            ok(await rerun("kuscia-alice-carol-alice-joins-carol"));
            assertJoined(lab, alice, carol);
        },
    );

    it("a job whose AppImage is gone fails the up with its task's reason", async () => {
        inNode(lab, nodes[0], "kubectl delete appimage secretflow-image");
        await stack.setConfig({ "kuscia:exampleJobId": "psi-mesh-2" });
        const up = await stack.up();
        assert.notEqual(up.status, 0, tail(up));
        const failed = job(lab, nodes[0], "psi-mesh-2");
        assert.equal(failed.status.phase, "Failed");
        assert.equal(failed.status.message ?? "", "", "the job itself says nothing (the reason is on its task)");
        const task = String(failed.spec.tasks[0].taskID);
        assert.match(
            `${up.stdout}\n${up.stderr}`,
            new RegExp(
                `job psi-mesh-2 failed: task ${task}: KusciaTask failed after 3x retry, last error: ` +
                    `failed to build domin kit info, failed to get appImage "secretflow-image" from cache`,
            ),
            tail(up),
        );
    });

    it(
        "removing carol revokes her on alice and bob (Domain, routes, copied files) and leaves their own pair " +
            "verified",
        async () => {
            const [alice, bob, carol] = nodes;
            await stack.removeConfig("kuscia:exampleJobFrom", "kuscia:exampleJobId");
            await stack.setConfig(clusterConfig([alice, bob]));
            const up = ok(await stack.up());
            assert.doesNotMatch(
                up.stdout,
                /kuscia-alice-bob-\S+ +(creating|updating|replacing|deleting)/,
                `the alice-bob pair changed:\n${tail(up, 40)}`,
            );
            for (const n of [alice, bob]) {
                const other = n === alice ? bob : alice;
                assert.deepEqual(
                    kusciaObjects(lab, n, "domain").filter(d => d !== n.id),
                    [other.id],
                    `${n.id}'s partner Domains`,
                );
                assert.deepEqual(
                    kusciaObjects(lab, n, "domainroute", n.id).sort(),
                    [`${other.id}-${n.id}`, `${n.id}-${other.id}`].sort(),
                    `${n.id}'s routes`,
                );
                const files = certsDirFiles(lab, n).filter(f => f.includes("carol"));
                assert.deepEqual(files, [], `${n.id} keeps files of carol's`);
                assertJoined(lab, n, other);
            }
            assertNodeRemoved(lab, carol, alice);
        },
    );

    it("destroy removes every node from every host", async () => {
        ok(await stack.destroy());
        deployed = false;
        const [alice, bob] = nodes;
        assertNodeRemoved(lab, alice, bob);
        assertNodeRemoved(lab, bob, alice);
    });
});
