// `npm run demo` and `npm run demo -- down` as a new user runs them (the README's first command):
// the two-party cluster on the lab through `pulumi up`, the PSI job Succeeded, every command it
// prints to look around working, and `down` leaving no node on either host.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { ensureLab, repoRoot } from "../../lab/testing";
import { containerExists, pathExists, volumeExists } from "../support/hosts";

const lab = ensureLab();
const [host1, host2] = lab.hosts;
const nodes = [
    { host: host1, ctr: `${host1.user}-kuscia-autonomy-alice`, certs: `${host1.home}/kuscia-autonomy-alice-certs` },
    { host: host2, ctr: `${host2.user}-kuscia-autonomy-bob`, certs: `${host2.home}/kuscia-autonomy-bob-certs` },
];
const logDir = process.env.E2E_LOG_DIR || fs.mkdtempSync("/tmp/pulumi-kuscia-e2e-demo-");

/** `npm run demo [-- down]` in the checkout, as the README gives it; its output logged. */
function demo(...args: string[]): { status: number; out: string } {
    const r = spawnSync("npm", ["run", "demo", ...(args.length ? ["--", ...args] : [])], {
        cwd: repoRoot,
        encoding: "utf8",
        timeout: 20 * 60_000,
        env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "" },
    });
    const out = `${r.stdout}\n${r.stderr}`;
    fs.writeFileSync(path.join(logDir, `demo${args.length ? `-${args.join("-")}` : ""}.log`), out);
    return { status: r.status ?? -1, out };
}

describe("npm run demo, then npm run demo -- down, as a new user runs them", { timeout: 30 * 60_000 }, () => {
    let printed = "";
    after(() => {
        if (nodes.some(n => containerExists(lab, n.host, n.ctr))) demo("down");
    });

    it("refuses nothing a new user has: no demo stack of its own in .pulumi-state", () => {
        const stacks = path.join(repoRoot, ".pulumi-state", ".pulumi", "stacks");
        assert.ok(
            !fs.existsSync(stacks) ||
                !fs.readdirSync(stacks, { recursive: true }).some(f => String(f).startsWith("demo")),
            "a demo stack exists in .pulumi-state: take it down first (npm run demo -- down); " +
                "this test would replace it",
        );
    });

    it("brings up alice and bob on the lab and runs the PSI job: Succeeded", () => {
        const r = demo();
        assert.equal(r.status, 0, r.out.slice(-4000));
        printed = r.out;
        assert.match(printed, /PSI job phase:\s+Succeeded/);
        assert.match(
            printed,
            new RegExp(`endpoints:\\s+\\{"alice":"${host1.address}:18081","bob":"${host2.address}:18082"\\}`),
        );
        for (const n of nodes) assert.ok(containerExists(lab, n.host, n.ctr), `${n.ctr} runs on ${n.host.name}`);
    });

    it("every command it prints to look around works and shows the cluster", t => {
        if (!printed) return t.skip("the demo did not come up");
        const commands = printed
            .split("\n")
            .slice(printed.split("\n").findIndex(l => l.startsWith("Look around")))
            .filter(l => /^ {2}\S/.test(l))
            .map(l => l.trim());
        assert.equal(commands.length, 5, `the printed commands:\n${commands.join("\n")}`);
        const expected = [
            /psi-demo.*Succeeded/,
            /\bbob\b/,
            /alice-bob[\s\S]*bob-alice|bob-alice[\s\S]*alice-bob/,
            /^[^\n]+\n[^\n]+/,
            /demo/,
        ];
        commands.forEach((command, i) => {
            const r = spawnSync("bash", ["-c", command], {
                cwd: repoRoot,
                encoding: "utf8",
                env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "demo" },
            });
            assert.equal(r.status, 0, `${command}: ${r.stderr}`);
            assert.match(r.stdout, expected[i], `${command} printed:\n${r.stdout}`);
        });
    });

    it("npm run demo -- down removes both nodes from both hosts and the stack", () => {
        const r = demo("down");
        assert.equal(r.status, 0, r.out.slice(-4000));
        assert.match(r.out, /demo: destroyed/);
        for (const n of nodes) {
            assert.equal(containerExists(lab, n.host, n.ctr), false, `${n.ctr} is left on ${n.host.name}`);
            assert.equal(volumeExists(lab, n.host, `${n.ctr}-containerd`), false, `${n.ctr}'s volume is left`);
            assert.equal(pathExists(lab, n.host, n.certs), false, `${n.certs} is left`);
        }
        assert.match(
            demo("down").out,
            /no demo stack in .pulumi-state; nothing to take down/,
            "a second down finds nothing",
        );
    });
});
