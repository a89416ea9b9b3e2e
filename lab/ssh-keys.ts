import * as fs from "node:fs";
import * as path from "node:path";
import { HostSpec, knownHostsPath, labKeyPath } from "./config";
import { run } from "./proc";

/** "type base64" of a public key file, without its comment: the authorized_keys form used for pinning. */
function keyOf(pubPath: string): string {
    const [type, data] = fs.readFileSync(pubPath, "utf8").trim().split(/\s+/);
    return `${type} ${data}`;
}

/** The lab's client key pair (one for all hosts); returns the public key. */
export function ensureLabKey(): string {
    if (!fs.existsSync(labKeyPath) || !fs.existsSync(`${labKeyPath}.pub`)) {
        fs.mkdirSync(path.dirname(labKeyPath), { recursive: true, mode: 0o700 });
        fs.rmSync(labKeyPath, { force: true });
        fs.rmSync(`${labKeyPath}.pub`, { force: true });
        run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "klab", "-f", labKeyPath]);
    }
    return keyOf(`${labKeyPath}.pub`);
}

/** A new host key for the host's sshd; returns its public key. */
export function createHostKey(h: HostSpec): string {
    fs.rmSync(h.hostKeyPath, { force: true });
    fs.rmSync(`${h.hostKeyPath}.pub`, { force: true });
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", h.name, "-f", h.hostKeyPath]);
    return keyOf(`${h.hostKeyPath}.pub`);
}

export function hostKeyOf(h: HostSpec): string {
    return keyOf(`${h.hostKeyPath}.pub`);
}

export function writeKnownHosts(entries: { address: string; hostKey: string }[]): void {
    fs.writeFileSync(knownHostsPath, entries.map(e => `${e.address} ${e.hostKey}\n`).join(""));
}
