// The lab's side of the root program: where `npm run lab -- up` leaves its hosts file, and the nodes the
// program places on the lab's hosts when the stack config names none. The library knows nothing of this.
import type { LabHost, LabHosts } from "../lab/state";
import type { ConfigFiles, NodeConfig } from "./config";

/** What the root program reads of the lab's .lab/hosts.json (lab/state.ts's `LabHosts`, as `npm run lab -- up` writes it). */
export type LabHostsFile = Pick<LabHosts, "image"> & {
    hosts: Pick<LabHost, "name" | "address" | "sshPort" | "user" | "privateKeyPath" | "hostKey">[];
};

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
        problems.push(`kuscia:labHosts: ${path} does not exist; run \`npm run lab -- up\` first or give kuscia:nodes with real hosts`);
        return undefined;
    }
    return JSON.parse(files.read(path)) as LabHostsFile;
}

/** The lab host named `name` by `field` (`kuscia:nodes[i].labHost`), or undefined with the problem pushed. */
export function findLabHost(lab: LabHostsFile, name: string, field: string, problems: string[]): LabHostsFile["hosts"][number] | undefined {
    const host = lab.hosts.find(h => h.name === name);
    if (host === undefined) {
        problems.push(`${field} '${name}' is not in the lab (hosts: ${lab.hosts.map(h => h.name).join(", ")}); run \`npm run lab -- up N\` with more hosts`);
    }
    return host;
}
