import * as fs from "node:fs";
import * as path from "node:path";
import { hostsJsonPath, lockPath, ownerPath, runDir, stateDir } from "./config";
import { readPid, sleep } from "./proc";

/** The format of .lab/hosts.json, read by the library's tests, examples and the demo. */
export interface LabHost {
    name: string;
    address: string;
    sshPort: number;
    user: string;
    privateKeyPath: string;
    hostKey: string;
    dockerSocket: string;
    home: string;
}

export interface LabHosts {
    registry: string;
    /** The Kuscia 0.3 node image. */
    image: string;
    /** The Kuscia 1.1 node image. */
    image11: string;
    knownHostsPath: string;
    hosts: LabHost[];
}

export function readHosts(): LabHosts | undefined {
    try {
        return JSON.parse(fs.readFileSync(hostsJsonPath, "utf8")) as LabHosts;
    } catch {
        return undefined;
    }
}

export function writeHosts(h: LabHosts): void {
    const tmp = `${hostsJsonPath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(h, null, 2) + "\n");
    fs.renameSync(tmp, hostsJsonPath);
}

/** Host names that have a state dir under .lab/ (hostN). */
export function knownHostIndexes(): number[] {
    if (!fs.existsSync(stateDir)) return [];
    return fs
        .readdirSync(stateDir)
        .map(e => /^host(\d+)$/.exec(e))
        .filter((m): m is RegExpExecArray => m !== null)
        .map(m => Number(m[1]))
        .sort((a, b) => a - b);
}

/** Serialises up/down across processes (tests of several files may call up at once). */
export async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    fs.mkdirSync(runDir, { recursive: true });
    for (let waited = 0; ; waited += 500) {
        try {
            fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: "wx" });
            break;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
            const holder = readPid(lockPath);
            if (holder === undefined || !fs.existsSync(`/proc/${holder}`)) {
                fs.rmSync(lockPath, { force: true });
                continue;
            }
            if (waited > 30 * 60 * 1000) throw new Error(`lab lock held by pid ${holder} for 30 minutes`);
            if (waited === 0) console.error(`waiting for another lab command (pid ${holder})`);
            await sleep(500);
        }
    }
    try {
        return await fn();
    } finally {
        fs.rmSync(lockPath, { force: true });
    }
}

/** The state dir of the checkout whose lab holds the machine's lab resources, if any. */
export function owner(): string | undefined {
    try {
        return fs.readFileSync(ownerPath, "utf8").trim() || undefined;
    } catch {
        return undefined;
    }
}

export function setOwner(): void {
    fs.mkdirSync(path.dirname(ownerPath), { recursive: true });
    fs.writeFileSync(ownerPath, `${stateDir}\n`);
}
