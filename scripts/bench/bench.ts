// npm run bench: the root program on the lab through the real engine, for each Kuscia generation
// (0.3 and 1.1) and N = 2, 4, 6, 8 parties (one per lab host; identity host, driver cli, no demo
// data or job), and N = 2 in each identity x driver mode. Per case: a first preview (the plan an
// operator reads), then the first up applying it (`--skip-preview`): wall time, critical path from
// the engine's per-resource timings, their ratio, the time from the command's start to the first
// operation on a resource (program start, plugin load); then a no-op preview, a no-op up and a
// destroy; SSH sessions per host and their peak of concurrent sessions per host for each. Prints a
// table and writes JSON (--out, default bench-results.json); --table FILE prints an earlier run's.
import * as fs from "node:fs";
import * as os from "node:os";
import { ensureLab } from "../../lab/testing";
import { clearNodes } from "../../test/support/node-checks";
import { FileBackend, ok, PulumiRun } from "../../test/support/pulumi";
import { clearNodeV11, nodeV11 } from "../../test/support/v11-nodes";
import { clusterConfig, Placement, rootNode, rootStack } from "../../test/support/root-program";
import { criticalPath, eventSpans, firstOperationStart } from "./critical-path";
import { HostSessions, sessionsDuring } from "./ssh-sessions";

type Generation = "0.3" | "1.1";

interface Case {
    generation: Generation;
    parties: number;
    identity: "host" | "stack";
    driver: "cli" | "docker";
}

interface Phase {
    seconds: number;
    sessionsPerHost: Record<string, HostSessions>;
}

interface Result extends Case {
    /** A preview of the empty stack, as an operator reads the plan before the first up. */
    firstPreview?: Phase;
    firstUp: Phase & { criticalPathSeconds: number; ratio: number; startupSeconds: number; criticalChain: string[] };
    noopPreview: Phase;
    noopUp: Phase;
    destroy: Phase;
}

function args(): { sizes: number[]; generations: Generation[]; out: string; modes: boolean; table?: string } {
    const a = process.argv.slice(2);
    const value = (flag: string) => (a.includes(flag) ? a[a.indexOf(flag) + 1] : undefined);
    if (a.includes("--help")) {
        console.log(
            "usage: npm run bench -- [--sizes 2,4,6,8] [--generations 0.3,1.1] [--no-modes] " +
                "[--out bench-results.json] | --table bench-results.json",
        );
        process.exit(0);
    }
    const sizes = (value("--sizes") ?? "2,4,6,8").split(",").map(Number);
    if (sizes.some(n => !Number.isInteger(n) || n < 2)) {
        throw new Error("--sizes: whole numbers of parties, at least 2");
    }
    const generations = (value("--generations") ?? "0.3,1.1").split(",") as Generation[];
    if (generations.some(g => g !== "0.3" && g !== "1.1")) throw new Error("--generations: 0.3, 1.1 or both");
    return {
        sizes,
        generations,
        out: value("--out") ?? "bench-results.json",
        modes: !a.includes("--no-modes"),
        table: value("--table"),
    };
}

let lab: ReturnType<typeof ensureLab>;

async function phase(run: () => Promise<PulumiRun>): Promise<Phase & { run: PulumiRun }> {
    const { result, perHost } = await sessionsDuring(lab.hosts, async () => ok(await run()));
    return { seconds: result.seconds, sessionsPerHost: perHost, run: result };
}

async function bench(c: Case): Promise<Result> {
    if (lab.hosts.length < c.parties) {
        throw new Error(`${c.parties} parties need ${c.parties} lab hosts: npm run lab -- up ${c.parties}`);
    }
    const prefix = "bench";
    const mode = { identity: c.identity, containerDriver: c.driver };
    const nodes = Array.from({ length: c.parties }, (_, i) =>
        c.generation === "1.1"
            ? nodeV11(lab, prefix, `p${i + 1}`, i, 19901 + 10 * i, mode)
            : rootNode(lab, prefix, { id: `p${i + 1}`, host: i, gatewayPort: 19901 + i, ...mode } as Placement),
    );
    const clear = () =>
        c.generation === "1.1"
            ? nodes.forEach(n => clearNodeV11(lab, n as ReturnType<typeof nodeV11>))
            : clearNodes(lab, nodes);
    const backend = new FileBackend(`bench-${c.parties}`);
    const stack = rootStack(backend, `bench-${c.generation}-${c.parties}-${c.identity}-${c.driver}`);
    clear();
    try {
        await stack.init();
        await stack.setConfig(clusterConfig(nodes));
        const firstPreview = await phase(() => stack.run(["preview"]));
        const { onStdout, spans } = eventSpans();
        const started = Date.now();
        // The plan was just shown: the up applies it without computing it again.
        const up = await phase(() =>
            stack.run(["up", "--yes", "--skip-preview", "--json"], undefined, undefined, onStdout),
        );
        const exported = await stack.exportWithSecrets();
        const firstOperation = firstOperationStart(exported, spans);
        const path = criticalPath(exported, spans);
        const noopPreview = await phase(() => stack.run(["preview", "--expect-no-changes"]));
        const noopUp = await phase(() => stack.run(["up", "--yes", "--expect-no-changes"]));
        const destroy = await phase(() => stack.destroy());
        const strip = ({ run: _run, ...p }: Phase & { run: PulumiRun }) => p;
        return {
            ...c,
            firstPreview: strip(firstPreview),
            firstUp: {
                ...strip(up),
                criticalPathSeconds: path.ms / 1000,
                ratio: up.seconds / (path.ms / 1000),
                startupSeconds: (firstOperation - started) / 1000,
                criticalChain: path.chain,
            },
            noopPreview: strip(noopPreview),
            noopUp: strip(noopUp),
            destroy: strip(destroy),
        };
    } finally {
        await stack.run(["destroy", "--yes"]);
        await stack.remove();
        clear();
        backend.remove();
    }
}

const sessions = (p: Phase) => {
    const v = Object.values(p.sessionsPerHost).filter(s => s.sessions > 0);
    if (v.length === 0) return "0";
    const per = v.map(s => s.sessions);
    return `${Math.min(...per)}–${Math.max(...per)} (peak ${Math.max(...v.map(s => s.peak))})`;
};

function table(results: Result[]): string {
    const head =
        "| Kuscia | N (pairs) | mode | first preview | first up | critical path | ratio | ratio after the start " +
        "| before the first operation | sessions/host (peak) | no-op preview | no-op up | destroy (sessions/host) |";
    const rows = results.map(r => {
        const pairs = (r.parties * (r.parties - 1)) / 2;
        const s = (x: number) => `${x.toFixed(1)} s`;
        const preview = r.firstPreview ? `${s(r.firstPreview.seconds)}, ${sessions(r.firstPreview)}` : "–";
        const afterStart = (r.firstUp.seconds - r.firstUp.startupSeconds) / r.firstUp.criticalPathSeconds;
        return (
            `| ${r.generation ?? "0.3"} | ${r.parties} (${pairs}) | ${r.identity}/${r.driver} | ${preview} | ` +
            `${s(r.firstUp.seconds)} | ${s(r.firstUp.criticalPathSeconds)} | ${r.firstUp.ratio.toFixed(2)} | ` +
            `${afterStart.toFixed(2)} | ${s(r.firstUp.startupSeconds)} | ${sessions(r.firstUp)} | ` +
            `${s(r.noopPreview.seconds)}, ${sessions(r.noopPreview)} | ${s(r.noopUp.seconds)}, ${sessions(r.noopUp)} | ` +
            `${s(r.destroy.seconds)} (${sessions(r.destroy)}) |`
        );
    });
    return [head, "|---|---|---|---|---|---|---|---|---|---|---|---|---|", ...rows].join("\n");
}

async function main(): Promise<void> {
    const { sizes, generations, out, modes, table: earlier } = args();
    if (earlier !== undefined) {
        const json = JSON.parse(fs.readFileSync(earlier, "utf8"));
        console.log(`${table(json.results)}\n\n${json.date}; machine: ${json.machine}`);
        return;
    }
    lab = ensureLab();
    const cases: Case[] = generations.flatMap(generation =>
        sizes.map(parties => ({ generation, parties, identity: "host" as const, driver: "cli" as const })),
    );
    if (modes) {
        for (const generation of generations)
            for (const identity of ["stack", "host"] as const) {
                for (const driver of ["docker", "cli"] as const) {
                    const known = (c: Case) =>
                        c.generation === generation &&
                        c.parties === 2 &&
                        c.identity === identity &&
                        c.driver === driver;
                    if (!cases.some(known)) cases.push({ generation, parties: 2, identity, driver });
                }
            }
    }
    const results: Result[] = [];
    for (const c of cases) {
        console.error(
            `bench: Kuscia ${c.generation}, ${c.parties} parties, identity ${c.identity}, driver ${c.driver} ...`,
        );
        results.push(await bench(c));
    }
    const machine =
        `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ` +
        `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`;
    fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2) + "\n");
    console.log(`${table(results)}\n\nmachine: ${machine}; JSON: ${out}`);
}

main().catch(e => {
    console.error(`bench: ${e?.stack ?? e}`);
    process.exit(1);
});
