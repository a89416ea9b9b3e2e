import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { ConnectionFacts } from "./validation";

export type Connection = command.types.input.remote.ConnectionArgs;

export function connectionFacts(c: Connection): ConnectionFacts {
    return {
        host: typeof c.host === "string" ? c.host : c.host === undefined ? undefined : "(computed)",
        port: typeof c.port === "number" ? c.port : undefined,
        user: typeof c.user === "string" ? c.user : c.user === undefined ? undefined : "(computed)",
        hasPrivateKey: c.privateKey !== undefined,
        hasPassword: c.password !== undefined,
        hasProxy: c.proxy !== undefined,
    };
}

/** `host:port` of the SSH endpoint: what identifies "the host" for triggers and messages. */
export function sshTarget(c: Connection): pulumi.Output<string> {
    return pulumi.interpolate`${c.host}:${c.port ?? 22}`;
}

function cacheDir(): string {
    const base = process.env.PULUMI_KUSCIA_CACHE
        ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-kuscia");
    const dir = path.join(base, "ssh");
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
}

function knownHostsLine(host: string, port: number, hostKey: string): string {
    const name = port === 22 ? host : `[${host}]:${port}`;
    return `${name} ${hostKey.trim().split(/\s+/).slice(0, 2).join(" ")}\n`;
}

function writePrivate(file: string, content: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content.endsWith("\n") ? content : `${content}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
}

/**
 * The docker provider's `ssh://` transport runs the local `ssh` binary, which reads keys and host
 * keys from files: write the connection's key and pinned host key to a private local cache.
 */
export function dockerSshSettings(c: Connection): pulumi.Output<{ host: string; sshOpts: string[] }> {
    return pulumi.all([c.host, c.port ?? 22, c.user, c.privateKey, c.hostKey]).apply(([host, port, user, key, hostKey]) => {
        const dir = cacheDir();
        const id = crypto.createHash("sha256").update(`${user}@${host}:${port}\n${key ?? ""}`).digest("hex").slice(0, 16);
        const keyFile = path.join(dir, `${id}.key`);
        const knownHosts = path.join(dir, `${id}.known_hosts`);
        writePrivate(keyFile, key ?? "");
        if (hostKey) {
            writePrivate(knownHosts, knownHostsLine(host, port, hostKey));
        }
        return {
            host: `ssh://${user}@${host}:${port}`,
            sshOpts: [
                "-i", keyFile,
                "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes",
                "-o", `UserKnownHostsFile=${knownHosts}`,
                "-o", `StrictHostKeyChecking=${hostKey ? "yes" : "accept-new"}`,
            ],
        };
    });
}
