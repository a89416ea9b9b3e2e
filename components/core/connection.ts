import * as crypto from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { privateCacheDir } from "./localCache";
import { shellQuote } from "./shell";
import { ConnectionFacts } from "./validation";

export type Connection = command.types.input.remote.ConnectionArgs;

/** A value known now: not an Output or a Promise. */
function isPlain(v: unknown): boolean {
    return v !== undefined && !pulumi.Output.isInstance(v) && !(v instanceof Promise);
}

type ProxyConnection = command.types.input.remote.ProxyConnectionArgs;

export function connectionFacts(c: Connection | ProxyConnection, defaultUser?: string): ConnectionFacts {
    const user = c.user ?? defaultUser;
    const proxy = (c as Connection).proxy;
    return {
        host: typeof c.host === "string" ? c.host : c.host === undefined ? undefined : "(computed)",
        port: isPlain(c.port) ? c.port : undefined,
        user: typeof user === "string" ? user : user === undefined ? undefined : "(computed)",
        privateKey: typeof c.privateKey === "string" ? c.privateKey : undefined,
        hostKey: typeof c.hostKey === "string" ? c.hostKey : undefined,
        hasHostKey: c.hostKey !== undefined,
        hasPrivateKey: c.privateKey !== undefined,
        hasPassword: c.password !== undefined,
        // @pulumi/command logs in to a jump host as root unless told otherwise.
        proxy:
            proxy === undefined
                ? undefined
                : isPlain(proxy)
                  ? connectionFacts(proxy as ProxyConnection, "root")
                  : {
                        host: "(computed)",
                        user: "(computed)",
                        hasHostKey: true,
                        hasPrivateKey: true,
                        hasPassword: false,
                    },
    };
}

/** `host:port` of the SSH endpoint: what identifies "the host" for triggers and messages. */
export function sshTarget(c: Connection): pulumi.Output<string> {
    return pulumi.interpolate`${c.host}:${c.port ?? 22}`;
}

function knownHostsLine(host: string, port: number, hostKey: string): string {
    const name = port === 22 ? host : `[${host}]:${port}`;
    return `${name} ${hostKey.trim().split(/\s+/).slice(0, 2).join(" ")}\n`;
}

/** The docker provider's view of a connection, and the local resource that holds its key files. */
export interface DockerSsh {
    host: pulumi.Output<string>;
    sshOpts: pulumi.Output<string[]>;
    /** Writes the key and pinned host key on create (never during a preview), removes them on delete. */
    keyFiles: command.local.Command;
}

/**
 * The docker provider's `ssh://` transport runs the local `ssh` binary, which reads keys and host
 * keys from files. A local command writes them, mode 600, when an up creates the node, and removes
 * them when a destroy deletes it, after every docker resource that needs them.
 */
export function dockerSsh(name: string, c: Connection, opts: pulumi.CustomResourceOptions): DockerSsh {
    const facts = pulumi.all([c.host, c.port ?? 22, c.user, c.privateKey, c.hostKey]);
    // One pair of files per node (nodes on one host each have their own), named without the key in clear.
    const files = facts.apply(([host, port, user, key]) => {
        const id = crypto
            .createHash("sha256")
            .update(`${name}\n${user}@${host}:${port}\n${key ?? ""}`)
            .digest("hex")
            .slice(0, 16);
        const dir = privateCacheDir("ssh");
        return { key: path.join(dir, `${id}.key`), knownHosts: path.join(dir, `${id}.known_hosts`) };
    });
    const content = facts.apply(([host, port, , key, hostKey]) => {
        const keyText = key === undefined ? "" : key.endsWith("\n") ? key : `${key}\n`;
        return `${Buffer.from(keyText).toString("base64")}\n${Buffer.from(hostKey ? knownHostsLine(host, port, hostKey) : "").toString("base64")}\n`;
    });
    const keyFiles = new command.local.Command(
        name,
        {
            create: files.apply(f =>
                [
                    "set -eu; umask 077",
                    // The dir was private when the program ran; refuse it if it is no longer ours alone.
                    `d=${shellQuote(path.dirname(f.key))}; [ -d "$d" ] && [ -O "$d" ] && [ -z "$(find "$d" -maxdepth 0 -perm /077)" ] ` +
                        `|| { echo "pulumi-kuscia: $d must be a directory only its owner can enter" >&2; exit 1; }`,
                    `read -r key; read -r hosts`,
                    `printf '%s' "$key" | base64 -d > ${shellQuote(`${f.key}.tmp`)}; mv -f ${shellQuote(`${f.key}.tmp`)} ${shellQuote(f.key)}`,
                    `printf '%s' "$hosts" | base64 -d > ${shellQuote(`${f.knownHosts}.tmp`)}; mv -f ${shellQuote(`${f.knownHosts}.tmp`)} ${shellQuote(f.knownHosts)}`,
                ].join("\n"),
            ),
            delete: files.apply(f => `rm -f -- ${shellQuote(f.key)} ${shellQuote(f.knownHosts)}`),
            stdin: pulumi.secret(content),
            interpreter: ["/bin/sh", "-c"],
            addPreviousOutputInEnv: false,
        },
        opts,
    );
    return {
        host: pulumi.interpolate`ssh://${c.user}@${c.host}:${c.port ?? 22}`,
        sshOpts: pulumi.all([files, c.hostKey]).apply(([f, hostKey]) => [
            "-i",
            f.key,
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            // Without a pinned key (insecureAcceptAnyHostKey, validated before), any key is taken, and none is
            // remembered.
            "-o",
            `UserKnownHostsFile=${hostKey ? f.knownHosts : "/dev/null"}`,
            "-o",
            `StrictHostKeyChecking=${hostKey ? "yes" : "no"}`,
        ]),
        keyFiles,
    };
}
