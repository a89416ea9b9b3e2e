// The root program (Pulumi.yaml + index.ts in the repo root) as a stack whose `kuscia:nodes` config
// places nodes on lab hosts, each under its own prefix (container name, root dir, ports) so that
// tests never touch another suite's nodes.
import type { LabHosts } from "../../lab/state";
import { repoRoot } from "../../lab/testing";
import type { Node } from "./seed-node";
import { FileBackend, Stack } from "./pulumi";

export interface Placement {
    id: string;
    /** Index into lab.hosts. */
    host: number;
    gatewayPort: number;
    identity?: "stack" | "host";
    containerDriver?: "docker" | "cli";
    memory?: string;
    demoData?: boolean;
}

/** A node of the root program on a lab host, with the config entry that places it there. */
export interface RootNode extends Node {
    config: Record<string, unknown>;
}

/**
 * The node `p` under `prefix`: container `<prefix>-<id>`, dirs in `~/<prefix>`, KusciaAPI ports after the
 * gateway's.
 */
export function rootNode(lab: LabHosts, prefix: string, p: Placement): RootNode {
    const host = lab.hosts[p.host];
    const rootDir = `${host.home}/${prefix}`;
    const ctr = `${prefix}-${p.id}`;
    return {
        id: p.id,
        host,
        port: p.gatewayPort,
        ctr,
        certs: `${rootDir}/kuscia-autonomy-${p.id}-certs`,
        data: `${rootDir}/kuscia-autonomy-${p.id}-data`,
        config: {
            domainId: p.id,
            labHost: host.name,
            gatewayPort: p.gatewayPort,
            apiHttpPort: p.gatewayPort + 1000,
            apiGrpcPort: p.gatewayPort + 2000,
            containerName: ctr,
            rootDir,
            memory: p.memory ?? "1G",
            ...(p.identity ? { identity: p.identity } : {}),
            ...(p.containerDriver ? { containerDriver: p.containerDriver } : {}),
            ...(p.demoData ? { demoData: true } : {}),
        },
    };
}

/** A stack of the root program on `backend`. */
export function rootStack(backend: FileBackend, name: string): Stack {
    return new Stack(backend, repoRoot, name);
}

/** `kuscia:nodes` (and any other kuscia: key) for the nodes. */
export function clusterConfig(nodes: RootNode[], extra: Record<string, string | number | boolean | object> = {}) {
    return { "kuscia:nodes": nodes.map(n => n.config), ...extra };
}
