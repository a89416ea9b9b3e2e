// examples/two-party on the real engine: one stack deploys alice (host1) and bob (host2), trusts
// them both ways and runs the PSI job; then no-change checks, and destroy leaves both hosts clean.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureLab, repoRoot } from "../../lab/testing";
import { inNode, type Node } from "../support/seed-node";
import { sshLoginsDuring } from "../support/hosts";
import {
    aliceAndBob,
    assertMutualTrust,
    assertNodeRemoved,
    assertPsiOutputs,
    clearNodes,
} from "../support/node-checks";
import { FileBackend, ok, Stack, tail } from "../support/pulumi";

const program = path.join(repoRoot, "examples", "two-party");
const jobId = "psi-two-party";

interface Mode {
    stack: string;
    alice: { identity: "stack" | "host"; containerDriver: "docker" | "cli" };
    bob: { identity: "stack" | "host"; containerDriver: "docker" | "cli" };
}

// One run mixes both identities and both drivers; the cross-organisation e2e runs each pure pair.
const modes: Mode[] = [
    {
        stack: "e2e-mixed",
        alice: { identity: "stack", containerDriver: "cli" },
        bob: { identity: "host", containerDriver: "docker" },
    },
];

const lab = ensureLab();
const [alice, bob] = aliceAndBob(lab);

function nodeConfig(n: Node, mode: Mode["alice"]) {
    const h = n.host;
    return {
        [`${n.id}:host`]: {
            host: h.address,
            port: h.sshPort,
            user: h.user,
            privateKeyPath: h.privateKeyPath,
            hostKey: h.hostKey,
        },
        [`${n.id}:identity`]: mode.identity,
        [`${n.id}:containerDriver`]: mode.containerDriver,
        [`${n.id}:memory`]: "1G",
        [`${n.id}:gatewayPort`]: n.port,
    };
}

for (const mode of modes) {
    const title =
        `alice ${mode.alice.identity}/${mode.alice.containerDriver}, ` +
        `bob ${mode.bob.identity}/${mode.bob.containerDriver}`;
    describe(`examples/two-party on the real engine: ${title}`, { timeout: 60 * 60_000 }, () => {
        const backend = new FileBackend(`two-party-${mode.stack}`);
        const stack = new Stack(backend, program, mode.stack);
        let deployed = false;
        let destroyed = false;

        before(async () => {
            clearNodes(lab, [alice, bob]);
            await stack.init();
            await stack.setConfig({
                "kuscia-two-party:image": lab.image,
                "kuscia-two-party:privileged": false,
                "kuscia-two-party:jobId": jobId,
                ...nodeConfig(alice, mode.alice),
                ...nodeConfig(bob, mode.bob),
            });
        });

        after(async () => {
            if (!destroyed) await stack.destroy();
            await stack.remove();
            clearNodes(lab, [alice, bob]);
            backend.remove();
        });

        const needsDeployment = (t: { skip: (m: string) => void }) => {
            if (!deployed) t.skip("the first up failed");
            return !deployed;
        };

        it("pulumi up deploys both nodes, verifies both directions and runs the PSI job", async () => {
            const { result, logins } = await sshLoginsDuring([alice.host, bob.host], () => stack.up());
            ok(result);
            deployed = true;
            for (const n of [alice, bob]) {
                assert.ok(logins[n.host.name].length > 0, `the first up never logged in to ${n.host.name}`);
            }
            const out = await stack.outputs();
            assert.deepEqual(out.containers, { alice: alice.ctr, bob: bob.ctr });
            assert.deepEqual(out.certsDirs, { alice: alice.certs, bob: bob.certs });
            assert.deepEqual(out.endpoints, {
                alice: `${alice.host.address}:${alice.port}`,
                bob: `${bob.host.address}:${bob.port}`,
            });
            assert.match(out.trustStatus, new RegExp(`alice -> bob \\(${bob.host.address}:${bob.port}\\): verified: `));
            assert.match(
                out.trustStatus,
                new RegExp(`bob -> alice \\(${alice.host.address}:${alice.port}\\): verified: `),
            );
            assert.equal(out.jobPhase, "Succeeded");
            // The API credentials travel as secret outputs: neither the key nor the token shows while their step runs.
            const shown = `${result.stdout}\n${result.stderr}`;
            assert.ok(!shown.includes("PRIVATE KEY"), "the up printed a private key");
            for (const n of [alice, bob]) {
                const token = inNode(lab, n, "cat etc/certs/token").trim();
                assert.match(token, /^[0-9a-f]{64}$/);
                assert.ok(!shown.includes(token), `the up printed ${n.id}'s KusciaAPI token`);
            }
        });

        it("on the hosts each node granted and joined the other, and the handshakes work", t => {
            if (needsDeployment(t)) return;
            assertMutualTrust(lab, alice, bob);
        });

        it("the PSI output on the hosts is the intersection of both parties' tables", t => {
            if (needsDeployment(t)) return;
            // The job's AppImage, as deploy.sh registers it after start: its default SecretFlow image.
            for (const n of [alice, bob]) {
                assert.equal(
                    inNode(
                        lab,
                        n,
                        "kubectl get appimage secretflow-image -o 'jsonpath={.spec.image.name}:{.spec.image.tag}'",
                    ).trim(),
                    "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.1.0b0",
                    `${n.id}'s AppImage`,
                );
            }
            assertPsiOutputs(lab, [alice, bob], jobId);
        });

        it("a preview right after the up plans no change", async t => {
            if (needsDeployment(t)) return;
            const preview = await stack.previewExpectingNoChanges();
            assert.equal(preview.status, 0, tail(preview, 80));
        });

        it("a second up opens no SSH session on either host", async t => {
            if (needsDeployment(t)) return;
            const { result, logins } = await sshLoginsDuring([alice.host, bob.host], () => stack.up());
            ok(result);
            assert.deepEqual(
                logins,
                { [alice.host.name]: [], [bob.host.name]: [] },
                `the second up logged in:\n${tail(result, 30)}`,
            );
        });

        it("destroy leaves on both hosts no container, volume, certs dir, partner file or unused network", async () => {
            ok(await stack.destroy());
            destroyed = true;
            assertNodeRemoved(lab, alice, bob);
            assertNodeRemoved(lab, bob, alice);
        });
    });
}
