import * as fs from "node:fs";
import * as path from "node:path";
import { HostSpec } from "./config";
import { run, sleep, tryRun } from "./proc";

const marker = "klab lab user";

interface Account {
    uid: number;
    gecos: string;
    home: string;
}

function account(user: string): Account | undefined {
    const r = tryRun("getent", ["passwd", user]);
    if (r.status !== 0) return undefined;
    const f = r.stdout.trim().split(":");
    return { uid: Number(f[2]), gecos: f[4], home: f[5] };
}

function assertLabAccount(h: HostSpec, a: Account): void {
    if (a.gecos !== marker || a.home !== h.home) {
        throw new Error(
            `user ${h.user} exists and is not a lab user (gecos '${a.gecos}', home ${a.home}); refusing to touch it`,
        );
    }
}

function pidsOfUid(uid: number): number[] {
    const pids: number[] = [];
    for (const e of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(e)) continue;
        try {
            const m = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${e}/status`, "utf8"));
            if (m && Number(m[1]) === uid) pids.push(Number(e));
        } catch {
            // the process ended meanwhile
        }
    }
    return pids;
}

/** Ends the sessions the lab's sshd started for this lab user (they outlive their sshd). */
async function endSessions(uid: number): Promise<void> {
    for (let round = 0; round < 20; round++) {
        const pids = pidsOfUid(uid);
        if (pids.length === 0) return;
        for (const pid of pids) {
            try {
                process.kill(pid, round < 10 ? "SIGTERM" : "SIGKILL");
            } catch {
                // gone already
            }
        }
        await sleep(200);
    }
}

export async function removeUser(h: HostSpec): Promise<void> {
    const a = account(h.user);
    if (!a) return;
    assertLabAccount(h, a);
    await endSessions(a.uid);
    run("userdel", ["-r", "-f", h.user]);
    fs.rmSync(h.home, { recursive: true, force: true });
}

/** A fresh login user: empty home, unlocked for key login, the lab key authorized. */
export async function createUser(h: HostSpec, authorizedKey: string): Promise<void> {
    await removeUser(h);
    if (tryRun("getent", ["group", h.user]).status === 0) run("groupdel", [h.user]);
    run("useradd", ["-m", "-U", "-d", h.home, "-s", "/bin/bash", "-c", marker, h.user]);
    run("usermod", ["-p", "*", h.user]);
    const sshDir = path.join(h.home, ".ssh");
    fs.mkdirSync(sshDir, { mode: 0o700, recursive: true });
    fs.writeFileSync(path.join(sshDir, "authorized_keys"), authorizedKey.trim() + "\n", { mode: 0o600 });
    run("chown", ["-R", `${h.user}:${h.user}`, sshDir]);
}

export function userExists(h: HostSpec): boolean {
    const a = account(h.user);
    return a !== undefined && a.gecos === marker;
}
