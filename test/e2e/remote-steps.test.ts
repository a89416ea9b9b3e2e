// The remote steps through the real engine: `preview --diff` shows each step's named values, never
// script text; a library whose scripts differ only in comments plans no change on any host; a change
// of what one script does plans an update of exactly the steps that run it; a failed step's error is
// its short command line and its own message.
// The changed libraries are copies of the root program (components/ copied, the rest linked), run
// against the same stack: the repo's own scripts are never edited.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureLab, repoRoot } from "../../lab/testing";
import { hostFile, pathExists, sshLoginsDuring } from "../support/hosts";
import { assertMutualTrust, clearNodes } from "../support/node-checks";
import { changedSteps } from "./plan";
import { FileBackend, ok, Stack, tail } from "../support/pulumi";
import { clusterConfig, rootNode, rootStack } from "../support/root-program";

const lab = ensureLab();
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

/** Text that only a script body holds (function names and commands of lib.sh, add-domain.sh, verify.sh). */
const scriptBodies = ["install_files", "through_gateway", "scripts/deploy/add_domain.sh", "lock_ca"];

/**
 * A copy of the root program whose scripts `edit` changed, on the same stack as `stack`: its own
 * files and source dirs copied (Node resolves a linked module's imports from its real path), the
 * rest linked.
 */
function programCopy(stack: Stack, edit: (componentsDir: string) => void): { dir: string; stack: Stack } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-e2e-program-"));
    const copied = ["components", "program"];
    for (const entry of fs.readdirSync(repoRoot)) {
        const from = path.join(repoRoot, entry);
        const to = path.join(dir, entry);
        if (entry === ".git" || (/^Pulumi\..+\.yaml$/.test(entry) && from !== stack.configFile)) continue;
        if (copied.includes(entry) || fs.statSync(from).isFile()) {
            fs.cpSync(from, to, { recursive: true });
        } else {
            fs.symlinkSync(from, to);
        }
    }
    edit(path.join(dir, "components"));
    return { dir, stack: new Stack(stack.backend, dir, stack.name) };
}

function editScript(componentsDir: string, file: string, change: (text: string) => string): void {
    const p = path.join(componentsDir, file);
    const before = fs.readFileSync(p, "utf8");
    const after = change(before);
    assert.notEqual(after, before, `the edit changed ${file}`);
    fs.writeFileSync(p, after);
}

describe(
    "remote steps: named values in previews, comment-only upgrades, short errors",
    { timeout: 30 * 60_000 },
    () => {
        const backend = new FileBackend("remote-steps");
        const stack = rootStack(backend, "e2e-steps");
        const nodes = [
            rootNode(lab, "e2e-steps", { id: "alice", host: 0, gatewayPort: 19481, containerDriver: "cli" }),
            rootNode(lab, "e2e-steps", { id: "bob", host: 1, gatewayPort: 19482, containerDriver: "cli" }),
        ];
        const [alice, bob] = nodes;
        const copies: string[] = [];
        const bundleOf = (n: typeof alice) => `${path.dirname(n.certs)}/kuscia-autonomy-${n.id}-steps.sh`;

        before(async () => {
            clearNodes(lab, nodes);
            await stack.init();
            await stack.setConfig(clusterConfig(nodes));
        });
        after(async () => {
            await stack.destroy();
            await stack.remove();
            backend.remove();
            copies.forEach(d => fs.rmSync(d, { recursive: true, force: true }));
        });

        it(
            "a first preview --diff shows each step's name and the pair up front, its named values in full, " +
                "and no script text",
            async () => {
                // Previews cut values after 150 characters: the steps and the pair come first.
                const short = output(ok(await stack.run(["preview", "--diff"])));
                assert.match(
                    short,
                    new RegExp(
                        `create +: "bash ${bundleOf(alice)} add-domain@[0-9a-f]{8} issued-cert@[0-9a-f]{8} ` +
                            `SELF=alice PEER=bob `,
                    ),
                );
                assert.match(
                    short,
                    new RegExp(
                        `create +: "bash ${bundleOf(bob)} add-domain@[0-9a-f]{8} join@[0-9a-f]{8} ` +
                            `verify@[0-9a-f]{8} ` +
                            `issued-cert@[0-9a-f]{8} SELF=bob PEER=alice `,
                    ),
                );
                const full = output(ok(await stack.run(["preview", "--diff", "--show-full-output"])));
                assert.ok(
                    full.includes(
                        `SELF=alice PEER=bob PEER_ENDPOINT=${bob.host.address}:${bob.port} ` +
                            `CONTAINER=${alice.ctr} CERTS_DIR=${alice.certs}"`,
                    ),
                    full,
                );
                for (const text of [short, full]) {
                    for (const body of scriptBodies) {
                        assert.ok(!text.includes(body), `preview shows script text '${body}'`);
                    }
                }
            },
        );

        it("up copies the steps to each host and converges", async () => {
            ok(await stack.up());
            assert.ok(pathExists(lab, alice.host, bundleOf(alice)) && pathExists(lab, bob.host, bundleOf(bob)));
            assert.ok(
                !hostFile(lab, alice.host, bundleOf(alice))
                    .split("\n")
                    .some(l => /^\s*#/.test(l) && !l.startsWith("# pulumi-kuscia")),
                "the host's copy holds no comments",
            );
            assertMutualTrust(lab, alice, bob);
        });

        it("a library whose scripts differ only in comments plans no change and logs in nowhere", async () => {
            const copy = programCopy(stack, components => {
                editScript(components, "v03/scripts/add-domain.sh", t => t.replace(/^# /m, "# (reworded) "));
                editScript(components, "core/scripts/lib.sh", t => `${t}\n# A new comment at the end of lib.sh.\n`);
                editScript(components, "v03/scripts/verify.sh", t =>
                    t.replace("\n\n", "\n\n# An added comment line.\n\n"),
                );
            });
            copies.push(copy.dir);
            const { result, logins } = await sshLoginsDuring(lab.hosts, () => changedSteps(copy.stack));
            assert.deepEqual(result, [], "no step changes");
            assert.deepEqual(Object.values(logins).flat(), [], "no host was logged in to");
        });

        it(
            "a change of what verify.sh does updates exactly the steps that run it, " + "and the diff names the step",
            async () => {
                const copy = programCopy(stack, components =>
                    editScript(components, "v03/scripts/verify.sh", t =>
                        t.replace(
                            'direction="$self -> $host ($endpoint)"',
                            'direction="$self -> $host ($endpoint)"\necho "verify $direction" >&2',
                        ),
                    ),
                );
                copies.push(copy.dir);
                assert.deepEqual(await changedSteps(copy.stack), [
                    { op: "update", type: "command:remote:Command", name: "kuscia-alice-bob-alice-joins-bob" },
                    {
                        op: "update",
                        type: "command:remote:Command",
                        name: "kuscia-alice-bob-bob-grants-and-joins-alice",
                    },
                    { op: "update", type: "command:remote:CopyToRemote", name: "kuscia-alice-steps" },
                    { op: "update", type: "command:remote:CopyToRemote", name: "kuscia-bob-steps" },
                ]);
                const diff = output(ok(await copy.stack.run(["preview", "--diff"])));
                assert.match(diff, /verify@[0-9a-f]{8}/);
                for (const body of scriptBodies) {
                    assert.ok(!diff.includes(body), `the diff shows script text '${body}'`);
                }
            },
        );

        it("a failed step's error is its command line with named values and its own message, not script text", async () => {
            const copy = programCopy(stack, components =>
                editScript(components, "v03/scripts/verify.sh", t =>
                    t.replace(
                        'direction="$self -> $host ($endpoint)"',
                        'direction="$self -> $host ($endpoint)"\nfail "$direction: failed on purpose"',
                    ),
                ),
            );
            copies.push(copy.dir);
            const r = await copy.stack.up();
            assert.notEqual(r.status, 0, tail(r));
            const text = output(r);
            // Whichever direction fails first stops the up; its error is the line that ran and the step's message.
            const failed = new RegExp(
                String.raw`running "bash (\S+) ([^"]*)":\n(?:.*\n)*?.*kuscia: (\w+) -> (\w+) ` +
                    String.raw`\(([0-9.:]+)\): failed on purpose`,
            ).exec(text);
            assert.ok(failed, tail(r, 80));
            const [, bundle, args, self, peer, endpoint] = failed;
            const [me, partner] = self === "alice" ? [alice, bob] : [bob, alice];
            assert.equal(bundle, bundleOf(me));
            assert.match(
                args,
                new RegExp(
                    `^(add-domain@[0-9a-f]{8} )?join@[0-9a-f]{8} verify@[0-9a-f]{8} ` +
                        `(issued-cert@[0-9a-f]{8} )?` +
                        `SELF=${self} PEER=${peer} PEER_ENDPOINT=${endpoint} CONTAINER=${me.ctr} CERTS_DIR=${me.certs}$`,
                ),
            );
            assert.equal(endpoint, `${partner.host.address}:${partner.port}`);
            assert.ok(
                !text.includes("BEGIN CERTIFICATE"),
                "a failed step does not print the certificate it would have issued",
            );
            for (const body of scriptBodies) {
                assert.ok(!text.includes(body), `the error shows script text '${body}'`);
            }
        });

        it("the library as it is converges again from there: the hosts get its steps back", async () => {
            ok(await stack.up());
            assert.ok(!hostFile(lab, alice.host, bundleOf(alice)).includes("failed on purpose"));
            assertMutualTrust(lab, alice, bob);
        });

        it("destroy removes each host's copy of the steps", async () => {
            ok(await stack.destroy());
            assert.ok(!pathExists(lab, alice.host, bundleOf(alice)) && !pathExists(lab, bob.host, bundleOf(bob)));
        });
    },
);
