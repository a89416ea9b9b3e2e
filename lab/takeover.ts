import * as fs from "node:fs";
import * as path from "node:path";
import { HostSpec, hostSpec, maxHosts, ownerPath, stateDir } from "./config";
import { stopDocker } from "./dockerd";
import { unmountUnder } from "./mounts";
import { labNamespaces, removeHostNetwork } from "./network";
import { isOurs, readPid } from "./proc";
import { knownHostIndexes, owner } from "./state";
import { removeUser, userExists } from "./users";

/** True when any daemon recorded under another checkout's .lab still runs. */
export function labAliveAt(dir: string): boolean {
    if (!fs.existsSync(dir)) return false;
    const pidFiles = [path.join(dir, "registry.pid")];
    for (const e of fs.readdirSync(dir)) {
        if (/^host\d+$/.test(e))
            for (const f of ["containerd.pid", "dockerd.pid", "sshd.pid"]) pidFiles.push(path.join(dir, e, f));
    }
    return pidFiles.some(f => isOurs(readPid(f), dir));
}

/** Hosts whose machine-wide traces (namespace, user) exist, whoever left them. */
export function tracedHosts(): HostSpec[] {
    const idx = new Set<number>(knownHostIndexes());
    for (const ns of labNamespaces()) idx.add(Number(ns.replace("klab-host", "")));
    for (let i = 1; i <= maxHosts; i++) if (userExists(hostSpec(i))) idx.add(i);
    return [...idx].sort((a, b) => a - b).map(hostSpec);
}

/** A lab left by another checkout (e.g. the session tree while CI runs in a fresh clone). */
export async function clearForeignLab(): Promise<void> {
    const other = owner();
    if (!other || other === stateDir) return;
    if (labAliveAt(other))
        throw new Error(`the lab is up from ${path.dirname(other)}; run 'npm run lab -- down' there first`);
    console.log(`clearing the stale lab left by ${path.dirname(other)}`);
    unmountUnder(other);
    for (const h of tracedHosts()) {
        await stopDocker(h);
        unmountUnder(h.runDir);
        unmountUnder(h.store);
        removeHostNetwork(h);
        await removeUser(h);
    }
    fs.rmSync(ownerPath, { force: true });
}
