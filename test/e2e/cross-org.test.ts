// examples/cross-org and examples/python-org on the real engine: two organisations, each with its own stack
// (alice's from Pulumi.alice.yaml, bob's from Pulumi.bob.yaml), exchange only public handshakes: alice's Python
// program and bob's TypeScript one through stack references on a shared backend, or two TypeScript programs
// through files.
// Alternating ups converge, each side pinning the other's CA by the fingerprint read out of band;
// no state or output holds the other side's private keys; destroy of both leaves both hosts clean.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureLab } from "../../lab/testing";
import type { Node } from "../support/seed-node";
import { certsDirContents, kusciaObjects, sshLoginsDuring } from "../support/hosts";
import {
    aliceAndBob,
    assertGranted,
    assertJoined,
    assertMutualTrust,
    assertNodeRemoved,
    clearNodes,
} from "../support/node-checks";
import { opensslFingerprint } from "../support/pki";
import { holdsKeyBody, privateKeyBodies } from "./pem";
import { FileBackend, ok, pulumiInstall, type PulumiRun, type Stack, tail } from "../support/pulumi";
import { orgStack, pythonOrgDir } from "./cross-org-stacks";

const lab = ensureLab();
const [aliceNode, bobNode] = aliceAndBob(lab);
/** The lab logs in to every host with one client key, so both organisations' stacks hold it by design. */
const labLoginKeys = new Set(lab.hosts.flatMap(h => privateKeyBodies(fs.readFileSync(h.privateKeyPath, "utf8"))));

interface Org {
    node: Node;
    stack: Stack;
}

/** How the organisations pass each other their handshake. */
interface Exchange {
    title: string;
    identity: "stack" | "host";
    containerDriver: "docker" | "cli";
    /** Installs what the programs need before their stacks are made. */
    prepare(): void;
    /** Makes both organisations' stacks (alice first). */
    stacks(): [Stack, Stack];
    /** The config that points `org` at its partner's handshake. */
    peerConfig(org: Org, partner: Org): Record<string, string>;
    /** Publishes `org`'s handshake after its up. */
    publish(org: Org): Promise<void>;
    cleanup(): void;
}

/** Across languages: alice's organisation runs examples/python-org, bob's examples/cross-org (TypeScript). */
function pythonAndTypeScriptByStackReferences(): Exchange {
    const backend = new FileBackend("cross-org-shared");
    return {
        title: "alice in Python, bob in TypeScript, stack references on one shared file backend",
        identity: "stack",
        containerDriver: "docker",
        prepare: () => pulumiInstall(pythonOrgDir, backend),
        stacks: () => [
            orgStack(backend, "alice", "e2e-py-alice", pythonOrgDir),
            orgStack(backend, "bob", "e2e-ts-bob"),
        ],
        peerConfig: (_org, partner) => ({ peerStack: partner.stack.qualifiedName }),
        publish: async () => {},
        cleanup: () => backend.remove(),
    };
}

function handshakeFiles(): Exchange {
    const backends = [new FileBackend("cross-org-alice"), new FileBackend("cross-org-bob")];
    const mailbox = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-kuscia-e2e-handshakes-"));
    const fileOf = (org: Org) => path.join(mailbox, `${org.node.id}-handshake.json`);
    return {
        title: "handshake files, each organisation on its own backend",
        identity: "host",
        containerDriver: "cli",
        prepare: () => {},
        stacks: () => [
            orgStack(backends[0], "alice", "e2e-files-alice"),
            orgStack(backends[1], "bob", "e2e-files-bob"),
        ],
        peerConfig: (_org, partner) => ({ peerFile: fileOf(partner) }),
        publish: async org => {
            const text = await org.stack.outputJson("handshake");
            assert.ok(!text.includes("PRIVATE KEY"), `${org.node.id}'s handshake holds a private key`);
            fs.writeFileSync(fileOf(org), text);
        },
        cleanup: () => {
            backends.forEach(b => b.remove());
            fs.rmSync(mailbox, { recursive: true, force: true });
        },
    };
}

for (const makeExchange of [pythonAndTypeScriptByStackReferences, handshakeFiles]) {
    const exchange = makeExchange();
    describe(
        `cross-organisation examples on the real engine: ${exchange.title} ` +
            `(${exchange.identity} identity, ${exchange.containerDriver} driver)`,
        { timeout: 60 * 60_000 },
        () => {
            const [aliceStack, bobStack] = exchange.stacks();
            const alice: Org = { node: aliceNode, stack: aliceStack };
            const bob: Org = { node: bobNode, stack: bobStack };
            const orgs = [alice, bob];
            let failedUp: string | undefined;
            let destroyed = false;

            before(async () => {
                clearNodes(lab, [aliceNode, bobNode]);
                exchange.prepare();
                for (const org of orgs) await org.stack.init();
                for (const [org, partner] of [
                    [alice, bob],
                    [bob, alice],
                ]) {
                    const h = org.node.host;
                    // domainId, partner and gatewayPort (8081, 8082) come from the example's Pulumi.<org>.yaml.
                    await org.stack.setConfig({
                        host: {
                            host: h.address,
                            port: h.sshPort,
                            user: h.user,
                            privateKeyPath: h.privateKeyPath,
                            hostKey: h.hostKey,
                        },
                        image: lab.image,
                        privileged: false,
                        identity: exchange.identity,
                        containerDriver: exchange.containerDriver,
                        ...exchange.peerConfig(org, partner),
                    });
                }
            });

            after(async () => {
                if (!destroyed) for (const org of orgs) await org.stack.destroy();
                for (const org of orgs) await org.stack.remove();
                clearNodes(lab, [aliceNode, bobNode]);
                exchange.cleanup();
            });

            const needsConvergence = (t: { skip: (m: string) => void }) => {
                if (failedUp) t.skip(`${failedUp} failed`);
                return failedUp !== undefined;
            };

            /** One up of `org`, which must end with `status`; then the host check for that state. */
            const upStep = (n: number, org: Org, status: string, onHosts: () => void) =>
                it(`up ${n} (${org.node.id}): status ${status}`, async t => {
                    if (needsConvergence(t)) return;
                    failedUp = `up ${n} (${org.node.id})`;
                    ok(await org.stack.up());
                    const out = await org.stack.outputs();
                    assert.equal(out.status, status, `status after up ${n}; message: ${out.message}`);
                    assert.equal(out.containerName, org.node.ctr);
                    assert.equal(out.certsDir, org.node.certs);
                    assert.equal(out.endpoint, `${org.node.host.address}:${org.node.port}`);
                    await exchange.publish(org);
                    // Out of band: the partner pins this node's CA by the fingerprint the operator reads to it.
                    assert.equal(
                        out.trustFingerprint,
                        opensslFingerprint(out.handshake.caCertPem),
                        "trustFingerprint is ca.crt's, as openssl prints it",
                    );
                    await orgs.find(o => o !== org)!.stack.setConfig({ peerFingerprint: out.trustFingerprint });
                    onHosts();
                    failedUp = undefined;
                });

            upStep(1, alice, "waiting-for-peer", () => {
                const domains = kusciaObjects(lab, aliceNode, "domain");
                assert.ok(
                    !domains.includes("bob"),
                    `alice granted bob before seeing his handshake: ${domains.join(" ")}`,
                );
            });
            upStep(2, bob, "granted", () => assertGranted(lab, bobNode, aliceNode));
            upStep(3, alice, "verified", () => {
                assertGranted(lab, aliceNode, bobNode);
                assertJoined(lab, aliceNode, bobNode);
            });
            upStep(4, bob, "verified", () => assertJoined(lab, bobNode, aliceNode));

            it("a fifth up of either organisation plans no change", async t => {
                if (needsConvergence(t)) return;
                const previews: PulumiRun[] = [];
                for (const org of orgs) previews.push(await org.stack.previewExpectingNoChanges());
                assert.deepEqual(
                    previews.map(p => p.status),
                    [0, 0],
                    previews.map(p => tail(p, 60)).join("\n\n"),
                );
            });

            it("alice's program refuses bob's handshake at preview when the pinned fingerprint is another, logging in nowhere", async t => {
                if (needsConvergence(t)) return;
                const pinned = (await bob.stack.outputs()).trustFingerprint;
                const another = (await alice.stack.outputs()).trustFingerprint;
                await alice.stack.setConfig({ peerFingerprint: another });
                const { result, logins } = await sshLoginsDuring([aliceNode.host, bobNode.host], () =>
                    alice.stack.run(["preview"]),
                );
                await alice.stack.setConfig({ peerFingerprint: pinned });
                assert.notEqual(result.status, 0, tail(result));
                assert.match(
                    `${result.stdout}\n${result.stderr}`,
                    /caCertPem \(its ca\.crt\) has SHA-256 fingerprint [0-9A-F:]{95}, not the one pinned for 'bob'/,
                    tail(result),
                );
                assert.deepEqual(
                    logins,
                    { [aliceNode.host.name]: [], [bobNode.host.name]: [] },
                    "the refused preview logged in",
                );
            });

            it(
                "neither stack's state holds a private key of the other organisation " + "(its state or its certs dir)",
                async t => {
                    if (needsConvergence(t)) return;
                    const exported = new Map<Org, string>();
                    for (const org of orgs) exported.set(org, await org.stack.exportWithSecrets());
                    for (const org of orgs) {
                        assert.ok(
                            [...labLoginKeys].every(k => holdsKeyBody(exported.get(org)!, k)),
                            `the search misses the lab login key in ${org.node.id}'s export, which holds it (connection.privateKey): ` +
                                "it would miss a leak too",
                        );
                    }
                    for (const [org, partner] of [
                        [alice, bob],
                        [bob, alice],
                    ]) {
                        const partnerKeys = [
                            ...new Set([
                                ...privateKeyBodies(exported.get(partner)!),
                                ...privateKeyBodies(certsDirContents(lab, partner.node)),
                            ]),
                        ].filter(k => !labLoginKeys.has(k));
                        assert.ok(partnerKeys.length > 0, `found no private key of ${partner.node.id} to look for`);
                        const leaked = partnerKeys.filter(k => holdsKeyBody(exported.get(org)!, k));
                        t.diagnostic(
                            `${org.node.id}'s state checked for ${partnerKeys.length} private keys of ${partner.node.id}`,
                        );
                        assert.deepEqual(
                            leaked.map(k => `${k.slice(0, 24)}...`),
                            [],
                            `${org.node.id}'s state holds ${leaked.length} of ${partnerKeys.length} private keys of ${partner.node.id}`,
                        );
                    }
                },
            );

            it("no stack output of either organisation holds a private key", async t => {
                if (needsConvergence(t)) return;
                for (const org of orgs) {
                    const outputs = JSON.stringify(await org.stack.outputs(true));
                    assert.ok(!outputs.includes("PRIVATE KEY"), `${org.node.id}'s outputs hold a private key`);
                }
            });

            it("on the hosts each node granted and joined the other, and the handshakes work", t => {
                if (needsConvergence(t)) return;
                assertMutualTrust(lab, aliceNode, bobNode);
            });

            it(
                "destroy of both stacks leaves on both hosts no container, volume, certs dir, partner file " +
                    "or unused network",
                async () => {
                    for (const org of orgs) ok(await org.stack.destroy());
                    destroyed = true;
                    assertNodeRemoved(lab, aliceNode, bobNode);
                    assertNodeRemoved(lab, bobNode, aliceNode);
                },
            );
        },
    );
}
