import * as fs from "node:fs";
import { HostSpec } from "./config";
import { dockerRunning, startDocker, stopDocker } from "./dockerd";
import { tcpOpen } from "./http-check";
import { removeTree } from "./mounts";
import { ensureHostNetwork, removeHostNetwork } from "./network";
import { waitFor } from "./proc";
import { createHostKey } from "./ssh-keys";
import { sshdRunning, startSshd, stopSshd } from "./sshd";
import { createUser, removeUser, userExists } from "./users";

/**
 * Brings one host up, or completes it: a host whose state dir survives keeps its docker data in
 * its store (containers with restart=always come back); a new host starts from an empty home.
 */
export async function ensureHost(h: HostSpec, labPublicKey: string): Promise<string> {
    const fresh = !fs.existsSync(h.dir) || !userExists(h) || !fs.existsSync(`${h.hostKeyPath}.pub`);
    if (!fresh && dockerRunning(h) && sshdRunning(h)) {
        ensureHostNetwork(h);
        return "running";
    }
    await stopSshd(h);
    await stopDocker(h);
    removeTree(h.runDir);
    if (fresh) {
        removeTree(h.dir);
        removeTree(h.store);
        removeHostNetwork(h);
    }
    fs.mkdirSync(h.dir, { recursive: true, mode: 0o755 });
    fs.mkdirSync(h.store, { recursive: true, mode: 0o711 });
    ensureHostNetwork(h);
    if (fresh) {
        await createUser(h, labPublicKey);
        createHostKey(h);
    }
    await startDocker(h);
    startSshd(h);
    await waitFor(`${h.name} sshd on ${h.address}:22`, () => tcpOpen(h.address, 22), 30_000);
    return fresh ? "created" : "restarted";
}

export async function teardownHost(h: HostSpec): Promise<void> {
    await stopSshd(h);
    await stopDocker(h);
    removeTree(h.runDir);
    removeTree(h.dir);
    removeTree(h.store);
    removeHostNetwork(h);
    await removeUser(h);
}
