import { spawn, spawnSync, SpawnSyncOptions } from "node:child_process";
import * as fs from "node:fs";

export interface RunOptions {
    input?: string | Buffer;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    timeoutMs?: number;
}

export interface RunResult {
    status: number;
    stdout: string;
    stderr: string;
}

/** Runs a program to completion; never throws for a non-zero exit. */
export function tryRun(cmd: string, args: string[], opts: RunOptions = {}): RunResult {
    const o: SpawnSyncOptions = {
        input: opts.input,
        env: opts.env ?? process.env,
        cwd: opts.cwd,
        timeout: opts.timeoutMs,
        maxBuffer: 256 * 1024 * 1024,
    };
    const r = spawnSync(cmd, args, o);
    if (r.error) {
        return { status: -1, stdout: "", stderr: `${cmd}: ${r.error.message}` };
    }
    return {
        status: r.status ?? -1,
        stdout: r.stdout ? r.stdout.toString() : "",
        stderr: r.stderr ? r.stderr.toString() : "",
    };
}

/** Runs a program and throws, with its stderr, when it fails. Returns stdout. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): string {
    const r = tryRun(cmd, args, opts);
    if (r.status !== 0) {
        const shown = [cmd, ...args].join(" ");
        throw new Error(`'${shown}' exited ${r.status}: ${(r.stderr || r.stdout).trim()}`);
    }
    return r.stdout;
}

/** Runs a long program with its output appended to a log file (no buffering in memory). */
export function runLogged(cmd: string, args: string[], logPath: string, env?: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve, reject) => {
        const fd = fs.openSync(logPath, "a");
        fs.writeSync(fd, `\n$ ${[cmd, ...args].join(" ")}\n`);
        const child = spawn(cmd, args, { stdio: ["ignore", fd, fd], env: env ?? process.env });
        fs.closeSync(fd);
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            if (code === 0) resolve();
            else reject(new Error(`'${cmd} ${args.join(" ")}' failed (${signal ?? code}); see ${logPath}`));
        });
    });
}

/** Starts a long-running daemon detached from this process, output to logPath. Returns its pid. */
export function spawnDaemon(cmd: string, args: string[], logPath: string, pidPath: string): number {
    const fd = fs.openSync(logPath, "a");
    const child = spawn(cmd, args, { detached: true, stdio: ["ignore", fd, fd] });
    fs.closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
    child.unref();
    fs.writeFileSync(pidPath, `${child.pid}\n`);
    return child.pid;
}

export function readPid(pidPath: string): number | undefined {
    try {
        const n = Number(fs.readFileSync(pidPath, "utf8").trim());
        return Number.isInteger(n) && n > 1 ? n : undefined;
    } catch {
        return undefined;
    }
}

function cmdline(pid: number): string | undefined {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return undefined;
    }
}

function isZombie(pid: number): boolean {
    try {
        return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
        return true;
    }
}

/** True when pid runs and its command line contains marker (guards against pid reuse). */
export function isOurs(pid: number | undefined, marker: string): pid is number {
    if (pid === undefined) return false;
    const c = cmdline(pid);
    return c !== undefined && c.includes(marker) && !isZombie(pid);
}

export function pidAlive(pidPath: string, marker: string): boolean {
    return isOurs(readPid(pidPath), marker);
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** SIGTERM, then SIGKILL after graceMs. Only for a pid checked with isOurs. */
export async function stopPid(pid: number, marker: string, graceMs: number): Promise<void> {
    if (!isOurs(pid, marker)) return;
    try {
        process.kill(pid, "SIGTERM");
    } catch {
        return;
    }
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
        if (!isOurs(pid, marker)) return;
        await sleep(100);
    }
    try {
        process.kill(pid, "SIGKILL");
    } catch {
        return;
    }
    for (let i = 0; i < 50 && isOurs(pid, marker); i++) await sleep(100);
}

/** Stops the daemon recorded in pidPath (if it is still ours) and removes the pid file. */
export async function stopPidFile(pidPath: string, marker: string, graceMs: number): Promise<void> {
    const pid = readPid(pidPath);
    if (pid !== undefined) await stopPid(pid, marker, graceMs);
    fs.rmSync(pidPath, { force: true });
}

/** Pids of processes whose command line contains marker (used for daemons' own children). */
export function pidsMatching(marker: string): number[] {
    const pids: number[] = [];
    for (const e of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(e)) continue;
        const pid = Number(e);
        if (pid !== process.pid && isOurs(pid, marker)) pids.push(pid);
    }
    return pids;
}

export function childrenOf(parent: number): number[] {
    const kids: number[] = [];
    for (const e of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(e)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
            if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === parent) kids.push(Number(e));
        } catch {
            // ended meanwhile
        }
    }
    return kids;
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await check()) return;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(200);
    }
}
