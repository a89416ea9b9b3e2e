// A node on a host reachable only through a jump host (the cli driver over `connection.proxy`,
// both host keys pinned): up, a no-op preview, drift repair and destroy all go through the jump
// host. Between the pulumi runs the test lifts the block to look at the host itself.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ensureLab, q, sshOk } from "../../lab/testing";
import { containerExists, pathExists, sshLoginsDuring } from "../support/hosts";
import { sshOnlyFrom } from "./interference";
import { assertJoined, clearNodes } from "../support/node-checks";
import { ok, tail, FileBackend, type PulumiRun } from "../support/pulumi";
import { clusterConfig, rootNode, rootStack } from "../support/root-program";

const lab = ensureLab();
const [bob, jump, alice] = [5, 7, 6].map(i => lab.hosts[i]);

describe("a host behind a bastion: every SSH session goes through the jump host", { timeout: 20 * 60_000 }, () => {
    const nodes = [
        rootNode(lab, "e2e-bastion", { id: "alice", host: 6, gatewayPort: 19681, containerDriver: "cli" }),
        rootNode(lab, "e2e-bastion", { id: "bob", host: 5, gatewayPort: 19682, containerDriver: "cli" }),
    ];
    nodes[0].config.proxy = { labHost: jump.name };
    const backend = new FileBackend("bastion");
    const stack = rootStack(backend, "e2e-bastion");
    let deployed = false;

    /** Runs `run` while alice's host takes SSH from the jump host only; the sessions each host logged meanwhile. */
    const behindBastion = async (run: () => Promise<PulumiRun>) => {
        const lift = sshOnlyFrom(alice, jump.address);
        try {
            return await sshLoginsDuring([alice, jump, bob], run);
        } finally {
            lift();
        }
    };
    const throughJump = (logins: Record<string, string[]>, what: string) => {
        assert.ok(logins[alice.name].length > 0, `${what}: no session on alice's host`);
        assert.deepEqual(
            logins[alice.name].filter(l => !l.includes(`from ${jump.address} `)),
            [],
            `${what}: a session on alice's host not from the jump host`,
        );
        assert.ok(
            logins[jump.name].length >= logins[alice.name].length,
            `${what}: each session to alice's host goes through the jump host`,
        );
    };

    before(async () => {
        clearNodes(lab, nodes);
        await stack.init();
        await stack.setConfig(clusterConfig(nodes));
    });
    after(async () => {
        if (deployed) await behindBastion(() => stack.destroy());
        await stack.remove();
        clearNodes(lab, nodes);
        backend.remove();
    });

    it("pulumi up deploys alice through the jump host and verifies both directions", async () => {
        const { result, logins } = await behindBastion(() => stack.up());
        ok(result);
        deployed = true;
        throughJump(logins, "up");
        assertJoined(lab, nodes[0], nodes[1]);
        assertJoined(lab, nodes[1], nodes[0]);
    });

    it("a preview plans no change and logs in nowhere", async () => {
        const { result, logins } = await behindBastion(() => stack.previewExpectingNoChanges());
        assert.equal(result.status, 0, tail(result, 60));
        assert.deepEqual(Object.values(logins).flat(), []);
    });

    it("a container removed by hand comes back with up --refresh, through the jump host", async () => {
        sshOk(lab, alice, `docker rm -f ${q(nodes[0].ctr)} >/dev/null`);
        const { result, logins } = await behindBastion(() => stack.run(["up", "--yes", "--refresh"]));
        ok(result);
        throughJump(logins, "up --refresh");
        assert.ok(containerExists(lab, alice, nodes[0].ctr), "alice's container is back");
        assertJoined(lab, nodes[0], nodes[1]);
        assertJoined(lab, nodes[1], nodes[0]);
    });

    it("destroy removes alice's node through the jump host", async () => {
        const { result, logins } = await behindBastion(() => stack.destroy());
        ok(result);
        deployed = false;
        throughJump(logins, "destroy");
        assert.equal(containerExists(lab, alice, nodes[0].ctr), false);
        assert.equal(pathExists(lab, alice, nodes[0].certs), false);
    });
});
