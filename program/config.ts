// The root program's stack config (`kuscia:nodes`, `kuscia:labHosts`, ...) and its parser into the
// library's KusciaClusterArgs. This is the program's, not the library's: the library takes plain args.
import * as pulumi from "@pulumi/pulumi";
import { KusciaAutonomyNodeArgs, KusciaClusterArgs, KusciaGeneration, KusciaValidationError } from "../components";
import { defaultLabHostsPath, defaultLabNodes, findLabHost, LabHostsFile, readLabHosts } from "./labHosts";
import { ConfigFiles, NodeConfig, ProxyConfig } from "./nodeConfig";

/** Stack config of the root program, as read from `pulumi.Config("kuscia")`. */
export interface ClusterConfig {
    /** `kuscia:nodes` as `getObject` parses it: any JSON, checked by `parseNodes`; default `defaultLabNodes()`. */
    nodes?: unknown;
    labHostsPath?: string;
    sshPrivateKey?: pulumi.Input<string>;
    /** Every node's Kuscia generation unless the node gives its own. */
    generation?: string;
    image?: string;
    privileged?: boolean;
    exampleJobFrom?: string;
    exampleJobWith?: string;
    exampleJobId?: string;
    /** Kuscia 1.1: seconds each verify waits for the partner's answer. */
    verifyTimeoutSeconds?: number;
}

type FieldKind = "string" | "integer" | "boolean" | "object";

/** The JSON type of each field of a `kuscia:nodes` entry: the library checks the values, the parser their types. */
const nodeFields = {
    domainId: "string",
    generation: "string",
    labHost: "string",
    host: "string",
    port: "integer",
    user: "string",
    privateKeyPath: "string",
    hostKey: "string",
    proxy: "object",
    insecureAcceptAnyHostKey: "boolean",
    hostIp: "string",
    publicEndpoint: "string",
    gatewayPort: "integer",
    apiHttpPort: "integer",
    apiGrpcPort: "integer",
    internalPort: "integer",
    metricsPort: "integer",
    image: "string",
    rootDir: "string",
    containerName: "string",
    privileged: "boolean",
    memory: "string",
    protocol: "string",
    secretflowImage: "string",
    loadSecretflowImage: "boolean",
    identity: "string",
    containerDriver: "string",
    demoData: "boolean",
    networkName: "string",
    readyTimeoutSeconds: "integer",
} as const satisfies Record<keyof NodeConfig, FieldKind>;

const requiredNodeFields: (keyof NodeConfig)[] = ["domainId", "gatewayPort"];

const proxyFields = {
    labHost: "string",
    host: "string",
    port: "integer",
    user: "string",
    privateKeyPath: "string",
    hostKey: "string",
} as const satisfies Record<keyof ProxyConfig, FieldKind>;

const kindRules: Record<FieldKind, { holds(value: unknown): boolean; must: string }> = {
    string: { holds: v => typeof v === "string", must: "must be a string" },
    integer: { holds: v => Number.isInteger(v), must: "must be an integer" },
    boolean: { holds: v => typeof v === "boolean", must: "must be true or false" },
    object: { holds: v => isObject(v), must: "must be an object" },
};

/**
 * The fields of `entry` (at `field`) that `fields` knows and whose JSON type is right; every other one is a
 * problem.
 */
function knownFields(
    entry: Record<string, unknown>,
    fields: Record<string, FieldKind>,
    field: string,
    what: string,
    problems: string[],
): Record<string, unknown> {
    const known: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(entry)) {
        if (!Object.hasOwn(fields, key)) {
            problems.push(`${field}.${key} is not a ${what} field (fields: ${Object.keys(fields).join(", ")})`);
            continue;
        }
        const rule = kindRules[fields[key]];
        if (rule.holds(v)) {
            known[key] = v;
        } else {
            problems.push(`${field}.${key} ${rule.must}, got ${JSON.stringify(v)}`);
        }
    }
    return known;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks the JSON types of `kuscia:nodes` (a list of objects of known fields, each of its kind), pushing every
 * problem. Returns one entry per list item: undefined for an item that is not an object, else the item without its
 * ill-typed fields. The entries are only whole (required fields present) when no problem was pushed.
 */
export function parseNodes(value: unknown, problems: string[]): (NodeConfig | undefined)[] {
    if (!Array.isArray(value)) {
        problems.push(`kuscia:nodes must be a list of nodes, got ${JSON.stringify(value)}`);
        return [];
    }
    return value.map((entry: unknown, i) => {
        const field = `kuscia:nodes[${i}]`;
        if (!isObject(entry)) {
            problems.push(`${field} must be an object of node fields, got ${JSON.stringify(entry)}`);
            return undefined;
        }
        const node = knownFields(entry, nodeFields, field, "node", problems);
        if (node.proxy !== undefined) {
            node.proxy = knownFields(
                node.proxy as Record<string, unknown>,
                proxyFields,
                `${field}.proxy`,
                "proxy",
                problems,
            );
        }
        for (const key of requiredNodeFields) {
            if (!(key in entry)) {
                problems.push(`${field}.${key} is required`);
            }
        }
        return node as unknown as NodeConfig;
    });
}

/** Turns the stack config into cluster arguments; every problem is reported at once, before anything runs. */
export function clusterArgsFromConfig(config: ClusterConfig, files: ConfigFiles): KusciaClusterArgs {
    const problems: string[] = [];
    const nodes =
        config.nodes === undefined || config.nodes === null ? defaultLabNodes() : parseNodes(config.nodes, problems);
    const usesLab = nodes.some(n => n?.labHost !== undefined || n?.proxy?.labHost !== undefined);
    let lab: LabHostsFile | undefined;
    if (usesLab) {
        lab = readLabHosts(config.labHostsPath ?? defaultLabHostsPath, files, problems);
    }
    const args: KusciaAutonomyNodeArgs[] = nodes.flatMap((n, i) => {
        if (n === undefined) {
            return [];
        }
        const field = `kuscia:nodes[${i}]`;
        const labHost =
            n.labHost === undefined || lab === undefined
                ? undefined
                : findLabHost(lab, n.labHost, `${field}.labHost`, problems);
        const keyPath = n.privateKeyPath ?? labHost?.privateKeyPath;
        let privateKey = config.sshPrivateKey;
        if (keyPath !== undefined) {
            if (files.exists(keyPath)) {
                privateKey = pulumi.secret(files.read(keyPath));
            } else {
                problems.push(`${field}.privateKeyPath ${keyPath} does not exist`);
            }
        }
        const proxyLab =
            n.proxy?.labHost === undefined || lab === undefined
                ? undefined
                : findLabHost(lab, n.proxy.labHost, `${field}.proxy.labHost`, problems);
        const proxyKeyPath = n.proxy?.privateKeyPath ?? proxyLab?.privateKeyPath;
        const proxyKey =
            proxyKeyPath === undefined
                ? privateKey
                : files.exists(proxyKeyPath)
                  ? pulumi.secret(files.read(proxyKeyPath))
                  : undefined;
        if (proxyKeyPath !== undefined && proxyKey === undefined) {
            problems.push(`${field}.proxy.privateKeyPath ${proxyKeyPath} does not exist`);
        }
        const proxy =
            n.proxy === undefined
                ? undefined
                : {
                      host: n.proxy.host ?? proxyLab?.address ?? "",
                      port: n.proxy.port ?? proxyLab?.sshPort,
                      user: n.proxy.user ?? proxyLab?.user,
                      privateKey: proxyKey,
                      hostKey: n.proxy.hostKey ?? proxyLab?.hostKey,
                  };
        const generation = (n.generation ?? config.generation) as KusciaGeneration | undefined;
        const image =
            n.image ?? config.image ?? (labHost ? (generation === "1.1" ? lab!.image11 : lab!.image) : undefined);
        return [
            {
                domainId: n.domainId,
                generation,
                connection: {
                    host: n.host ?? labHost?.address ?? "",
                    port: n.port ?? labHost?.sshPort,
                    user: n.user ?? labHost?.user,
                    privateKey,
                    hostKey: n.hostKey ?? labHost?.hostKey,
                    ...(proxy === undefined ? {} : { proxy }),
                },
                insecureAcceptAnyHostKey: n.insecureAcceptAnyHostKey,
                hostIp: n.hostIp,
                publicEndpoint: n.publicEndpoint,
                gatewayPort: n.gatewayPort,
                apiHttpPort: n.apiHttpPort,
                apiGrpcPort: n.apiGrpcPort,
                internalPort: n.internalPort,
                metricsPort: n.metricsPort,
                image,
                rootDir: n.rootDir,
                containerName: n.containerName,
                privileged: n.privileged ?? config.privileged ?? (labHost ? false : undefined),
                memory: n.memory,
                protocol: n.protocol as KusciaAutonomyNodeArgs["protocol"],
                secretflowImage: n.secretflowImage,
                loadSecretflowImage: n.loadSecretflowImage,
                identity: n.identity,
                containerDriver: n.containerDriver,
                demoData: n.demoData,
                networkName: n.networkName,
                readyTimeoutSeconds: n.readyTimeoutSeconds,
            },
        ];
    });
    if (problems.length > 0) {
        throw new KusciaValidationError(problems);
    }
    return {
        nodes: args,
        exampleJobFrom: config.exampleJobFrom,
        exampleJobWith: config.exampleJobWith,
        exampleJobId: config.exampleJobId,
        verifyTimeoutSeconds: config.verifyTimeoutSeconds,
    };
}
