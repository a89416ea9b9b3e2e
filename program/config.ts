// The root program's stack config (`kuscia:nodes`, `kuscia:labHosts`, ...) and its parser into the
// library's KusciaClusterArgs. This is the program's, not the library's: the library takes plain args.
import * as pulumi from "@pulumi/pulumi";
import { KusciaAutonomyNodeArgs, KusciaClusterArgs, KusciaValidationError } from "../components";
import { defaultLabHostsPath, defaultLabNodes, findLabHost, LabHostsFile, readLabHosts } from "./labHosts";

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

/** Stack config of the root program, as read from `pulumi.Config("kuscia")`. */
export interface ClusterConfig {
    nodes?: NodeConfig[];
    labHostsPath?: string;
    sshPrivateKey?: pulumi.Input<string>;
    image?: string;
    privileged?: boolean;
    exampleJobFrom?: string;
    exampleJobId?: string;
}

/** The files the config names (the lab's hosts file, private keys), so that tests need no disk. */
export interface ConfigFiles {
    read(path: string): string;
    exists(path: string): boolean;
}

/** Turns the stack config into cluster arguments; every problem is reported at once, before anything runs. */
export function clusterArgsFromConfig(config: ClusterConfig, files: ConfigFiles): KusciaClusterArgs {
    const problems: string[] = [];
    const nodes = config.nodes ?? defaultLabNodes();
    const usesLab = nodes.some(n => n.labHost !== undefined);
    let lab: LabHostsFile | undefined;
    if (usesLab) {
        lab = readLabHosts(config.labHostsPath ?? defaultLabHostsPath, files, problems);
    }
    const args: KusciaAutonomyNodeArgs[] = nodes.map((n, i) => {
        const field = `kuscia:nodes[${i}]`;
        const labHost = n.labHost === undefined || lab === undefined ? undefined : findLabHost(lab, n.labHost, `${field}.labHost`, problems);
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
