// An 8-party mesh (28 pairs) of the root program on eight lab hosts, whose sshd runs with sshd's
// default limits as real hosts do: brought up from nothing and destroyed, twice in a row (the second
// time on hosts the first destroy cleared), every time converging on the first up. E2E_SCALE_ROUNDS
// repeats it more often, to look for a rare failure.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ensureLab } from "../../lab/testing";
import { throughGateway } from "../support/seed-node";
import { kusciaObjects } from "../support/hosts";
import { assertNodeRemoved, clearNodes } from "../support/node-checks";
import { FileBackend, ok, tail } from "../support/pulumi";
import { clusterConfig, rootNode, rootStack } from "../support/root-program";

const lab = ensureLab();
const PARTIES = 8;
const ROUNDS = Number(process.env.E2E_SCALE_ROUNDS ?? "2");

describe(`an ${PARTIES}-party mesh, ${ROUNDS} times from nothing`, { timeout: 60 * 60_000 }, () => {
    assert.ok(lab.hosts.length >= PARTIES, `needs ${PARTIES} lab hosts (npm run lab -- up ${PARTIES})`);
    const nodes = Array.from({ length: PARTIES }, (_, i) =>
        rootNode(lab, "e2e-scale", {
            id: `party${i + 1}`,
            host: i,
            gatewayPort: 19701 + i,
            identity: "host",
            containerDriver: "cli",
        }),
    );
    const backend = new FileBackend("root-scale");
    const stack = rootStack(backend, "e2e-scale");
    let deployed = false;

    before(async () => {
        clearNodes(lab, nodes);
        await stack.init();
        await stack.setConfig(clusterConfig(nodes));
    });
    after(async () => {
        if (deployed) await stack.destroy();
        await stack.remove();
        clearNodes(lab, nodes);
        backend.remove();
    });

    for (let round = 1; round <= ROUNDS; round++) {
        it(
            `round ${round}: the first up converges, every node holds its ${PARTIES - 1} partners, ` +
                "destroy clears every host",
            async () => {
                const up = await stack.up();
                deployed = true;
                assert.equal(up.status, 0, `round ${round}: up failed:\n${tail(up, 60)}`);
                for (const [i, n] of nodes.entries()) {
                    const others = nodes.filter(o => o !== n).map(o => o.id);
                    assert.deepEqual(
                        kusciaObjects(lab, n, "domain")
                            .filter(d => d !== n.id)
                            .sort(),
                        [...others].sort(),
                        `${n.id}'s partner Domains`,
                    );
                    assert.deepEqual(
                        kusciaObjects(lab, n, "domainroute", n.id).sort(),
                        others.flatMap(o => [`${o}-${n.id}`, `${n.id}-${o}`]).sort(),
                        `${n.id}'s routes`,
                    );
                    const next = nodes[(i + 1) % nodes.length];
                    assert.equal(
                        throughGateway(lab, n, next, "kuscia-verify"),
                        "404",
                        `${n.id} -> ${next.id}: partner traffic past ${next.id}'s token auth`,
                    );
                }
                ok(await stack.destroy());
                deployed = false;
                for (const [i, n] of nodes.entries()) assertNodeRemoved(lab, n, nodes[(i + 1) % nodes.length]);
                clearNodes(lab, nodes);
            },
        );
    }
});
