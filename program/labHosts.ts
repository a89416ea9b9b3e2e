// The lab's side of the root program: where `npm run lab -- up` leaves its hosts file, what the program
// reads of it, and the nodes the program places on the lab's hosts when the stack config names none. The
// library knows nothing of this, and the program knows the lab only through that file, not its code.
import type { ConfigFiles, NodeConfig } from "./nodeConfig";

/** One host in the lab's hosts file: the fields the root program reads. */
export interface LabHostEntry {
    /** `host1`, `host2`, ...: what `kuscia:nodes[i].labHost` names. */
    name: string;
    address: string;
    sshPort: number;
    /** The host's login user. */
    user: string;
    /** Path of the SSH private key that logs in to the host. */
    privateKeyPath: string;
    /** The host's public key, authorized_keys format, pinned. */
    hostKey: string;
}

/**
 * What the root program reads of the lab's hosts file (`.lab/hosts.json`, as `npm run lab -- up` writes
 * it; the file holds more, which the program ignores).
 */
export interface LabHostsFile {
    /** The Kuscia 0.3 node image in the lab's registry. */
    image: string;
    /** The Kuscia 1.1 node image in the lab's registry. */
    image11: string;
    hosts: LabHostEntry[];
}

/** Where `npm run lab -- up` writes the hosts file, relative to the project dir (the program's cwd). */
export const defaultLabHostsPath = ".lab/hosts.json";

/** With no `kuscia:nodes`: alice and bob on the lab's first two hosts, with the lab's image. */
export function defaultLabNodes(): NodeConfig[] {
    return [
        { domainId: "alice", labHost: "host1", gatewayPort: 18081, demoData: true },
        { domainId: "bob", labHost: "host2", gatewayPort: 18082, demoData: true },
    ];
}

/** The lab's hosts file at `path` (`kuscia:labHosts`), or undefined with the problem pushed. */
export function readLabHosts(path: string, files: ConfigFiles, problems: string[]): LabHostsFile | undefined {
    if (!files.exists(path)) {
        problems.push(
            `kuscia:labHosts: ${path} does not exist; ` +
                "run `npm run lab -- up` first or give kuscia:nodes with real hosts",
        );
        return undefined;
    }
    let lab: unknown;
    try {
        lab = JSON.parse(files.read(path));
    } catch {
        problems.push(`kuscia:labHosts: ${path} is not JSON; run \`npm run lab -- up\` to write it again`);
        return undefined;
    }
    if (!isLabHostsFile(lab)) {
        problems.push(
            `kuscia:labHosts: ${path} is not the lab's hosts file (image, image11, and hosts each with ` +
                "name, address, sshPort, user, privateKeyPath and hostKey); run `npm run lab -- up` to write it again",
        );
        return undefined;
    }
    return lab;
}

function isLabHostsFile(v: unknown): v is LabHostsFile {
    const o = v as Partial<Record<string, unknown>> | null;
    return (
        typeof o === "object" &&
        o !== null &&
        typeof o.image === "string" &&
        typeof o.image11 === "string" &&
        Array.isArray(o.hosts) &&
        o.hosts.every((h: unknown) => {
            const host = h as Partial<Record<string, unknown>> | null;
            return (
                typeof host === "object" &&
                host !== null &&
                Number.isInteger(host.sshPort) &&
                ["name", "address", "user", "privateKeyPath", "hostKey"].every(k => typeof host[k] === "string")
            );
        })
    );
}

/** The lab host named `name` by `field` (`kuscia:nodes[i].labHost`), or undefined with the problem pushed. */
export function findLabHost(
    lab: LabHostsFile,
    name: string,
    field: string,
    problems: string[],
): LabHostEntry | undefined {
    const host = lab.hosts.find(h => h.name === name);
    if (host === undefined) {
        problems.push(
            `${field} '${name}' is not in the lab (hosts: ${lab.hosts.map(h => h.name).join(", ")}); ` +
                "run `npm run lab -- up N` with more hosts",
        );
    }
    return host;
}
