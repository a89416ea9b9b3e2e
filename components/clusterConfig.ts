import * as pulumi from "@pulumi/pulumi";
import { KusciaAutonomyNodeArgs } from "./kusciaAutonomyNode";
import { KusciaClusterArgs } from "./kusciaCluster";
import { KusciaValidationError } from "./validation";

/** One node as written in stack config (`kuscia:nodes`). */
export interface NodeConfig {
    domainId: string;
    /** Name of a host in the lab's hosts.json; fills host, port, user, key and host key. */
    labHost?: string;
    host?: string;
    port?: number;
    user?: string;
    /** Path of the SSH private key on the machine running pulumi; default the secret `kuscia:sshPrivateKey`. */
    privateKeyPath?: string;
    hostKey?: string;
    hostIp?: string;
    gatewayPort: number;
    apiHttpPort?: number;
    apiGrpcPort?: number;
    image?: string;
    rootDir?: string;
    containerName?: string;
    privileged?: boolean;
    memory?: string;
    identity?: "stack" | "host";
    containerDriver?: "docker" | "cli";
    demoData?: boolean;
}

/** The lab's .lab/hosts.json, as `npm run lab -- up` writes it. */
export interface LabHosts {
    image: string;
    hosts: { name: string; address: string; sshPort: number; user: string; privateKeyPath: string; hostKey: string }[];
}

/** Stack config of the root program, already parsed. */
export interface ClusterConfig {
    nodes?: NodeConfig[];
    labHostsPath?: string;
    sshPrivateKey?: pulumi.Input<string>;
    image?: string;
    privileged?: boolean;
    exampleJobFrom?: string;
    exampleJobId?: string;
}

export interface ConfigFiles {
    read(path: string): string;
    exists(path: string): boolean;
}

/** With no `kuscia:nodes`: alice and bob on the lab's first two hosts, with the lab's image. */
export function defaultLabNodes(): NodeConfig[] {
    return [
        { domainId: "alice", labHost: "host1", gatewayPort: 18081, demoData: true },
        { domainId: "bob", labHost: "host2", gatewayPort: 18082, demoData: true },
    ];
}

/** Turns the stack config into cluster arguments; every problem is reported at once, before anything runs. */
export function clusterArgsFromConfig(config: ClusterConfig, files: ConfigFiles): KusciaClusterArgs {
    const problems: string[] = [];
    const nodes = config.nodes ?? defaultLabNodes();
    const usesLab = nodes.some(n => n.labHost !== undefined);
    let lab: LabHosts | undefined;
    if (usesLab) {
        const labPath = config.labHostsPath ?? ".lab/hosts.json";
        if (!files.exists(labPath)) {
            problems.push(`kuscia:labHosts: ${labPath} does not exist; run \`npm run lab -- up\` first or give kuscia:nodes with real hosts`);
        } else {
            lab = JSON.parse(files.read(labPath)) as LabHosts;
        }
    }
    const args: KusciaAutonomyNodeArgs[] = nodes.map((n, i) => {
        const field = `kuscia:nodes[${i}]`;
        const labHost = n.labHost === undefined ? undefined : lab?.hosts.find(h => h.name === n.labHost);
        if (n.labHost !== undefined && lab !== undefined && labHost === undefined) {
            problems.push(`${field}.labHost '${n.labHost}' is not in the lab (hosts: ${lab.hosts.map(h => h.name).join(", ")}); run \`npm run lab -- up N\` with more hosts`);
        }
        const keyPath = n.privateKeyPath ?? labHost?.privateKeyPath;
        let privateKey = config.sshPrivateKey;
        if (keyPath !== undefined) {
            if (files.exists(keyPath)) {
                privateKey = pulumi.secret(files.read(keyPath));
            } else {
                problems.push(`${field}.privateKeyPath ${keyPath} does not exist`);
            }
        }
        const image = n.image ?? config.image ?? (labHost ? lab!.image : undefined);
        return {
            domainId: n.domainId,
            connection: {
                host: n.host ?? labHost?.address ?? "",
                port: n.port ?? labHost?.sshPort,
                user: n.user ?? labHost?.user,
                privateKey,
                hostKey: n.hostKey ?? labHost?.hostKey,
            },
            hostIp: n.hostIp,
            gatewayPort: n.gatewayPort,
            apiHttpPort: n.apiHttpPort,
            apiGrpcPort: n.apiGrpcPort,
            image,
            rootDir: n.rootDir,
            containerName: n.containerName,
            privileged: n.privileged ?? config.privileged ?? (labHost ? false : undefined),
            memory: n.memory,
            identity: n.identity,
            containerDriver: n.containerDriver,
            demoData: n.demoData,
        };
    });
    if (problems.length > 0) {
        throw new KusciaValidationError(problems);
    }
    return { nodes: args, exampleJobFrom: config.exampleJobFrom, exampleJobId: config.exampleJobId };
}
