// The lab as the tests and the benchmark reach it: its hosts (brought up when down), a command over SSH
// as a host's login user with the pinned host key, shell quoting, temp dirs, and the repo's root.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after } from "node:test";
import { LabHost, LabHosts, readHosts } from "./state";
import { sshArgs } from "./ssh-client";

export const repoRoot = path.resolve(__dirname, "..");
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const cli = path.join(repoRoot, "lab", "cli.ts");

export interface Result {
    status: number;
    stdout: string;
    stderr: string;
}

export function exec(
    cmd: string,
    args: string[],
    opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Result {
    const r = spawnSync(cmd, args, {
        input: opts.input,
        env: opts.env ?? process.env,
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
    });
    return {
        status: r.status ?? -1,
        stdout: r.stdout?.toString() ?? "",
        stderr: (r.stderr?.toString() ?? "") + (r.error ? String(r.error) : ""),
    };
}

function labCommand(...args: string[]): Result {
    return exec(tsx, [cli, ...args], { timeoutMs: 30 * 60_000 });
}

/**
 * The lab's hosts, bringing the lab up when it is not (cold: a few minutes). The lab stays up for
 * the next test files unless LAB_DOWN_AFTER=1.
 */
export function ensureLab(): LabHosts {
    if (process.getuid?.() !== 0) {
        throw new Error("the lab and its tests need root (network namespaces, users, daemons): run them as root");
    }
    let lab = readHosts();
    if (!lab || labCommand("status").status !== 0) {
        const r = labCommand("up");
        if (r.status !== 0) throw new Error(`lab up failed:\n${r.stdout}\n${r.stderr}`);
        lab = readHosts();
    }
    if (!lab || lab.hosts.length < 2) throw new Error("the lab has fewer than two hosts");
    if (process.env.LAB_DOWN_AFTER === "1") {
        after(() => {
            labCommand("down");
        });
    }
    return lab;
}

/** Runs a shell command line as the host's login user over ssh with the pinned host key. */
export function ssh(lab: LabHosts, host: LabHost, command: string, input?: string, timeoutMs?: number): Result {
    return exec("ssh", sshArgs(lab, host, command), { input, timeoutMs });
}

/** Like ssh() but throws with the command's output when it fails. */
export function sshOk(lab: LabHosts, host: LabHost, command: string, input?: string, timeoutMs?: number): string {
    const r = ssh(lab, host, command, input, timeoutMs);
    if (r.status !== 0) throw new Error(`[${host.name}] '${command}' exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}

/** Quotes a value for a POSIX shell command line. */
export const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A temporary directory removed when the test t ends. */
export function tempDir(t: { after: (fn: () => void) => void }, prefix: string): string {
    const d = fs.mkdtempSync(path.join(fs.realpathSync("/tmp"), prefix));
    t.after(() => fs.rmSync(d, { recursive: true, force: true }));
    return d;
}

/** ssh() without blocking, so steps on two hosts can run at once; `terminal` gives the command a terminal. */
export function sshAsync(
    lab: LabHosts,
    host: LabHost,
    command: string,
    timeoutMs = 300_000,
    o: { terminal?: boolean } = {},
): Promise<Result> {
    // -tt: a terminal on the host even though ours is none, for scripts that need one (docker -it).
    const args = sshArgs(lab, host, command);
    if (o.terminal) args.unshift("-tt");
    return new Promise(resolve => {
        const child = spawn("ssh", args, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", d => (stdout += d));
        child.stderr.on("data", d => (stderr += d));
        child.on("error", e => resolve({ status: -1, stdout, stderr: stderr + String(e) }));
        child.on("close", code => resolve({ status: code ?? -1, stdout, stderr }));
    });
}
