import * as pulumi from "@pulumi/pulumi";
import { Connection, connectionFacts } from "./core/connection";
import { ContainerDriver } from "./core/containerDrivers";
import * as defaults from "./core/defaults";
import { PeerHandshake } from "./core/handshake";
import { GatedChecks, InputChecks, isComputed, PlainChecks } from "./core/inputChecks";
import { Generation } from "./core/procedures";
import { KusciaProtocol, NodeContext } from "./core/types";
import * as v from "./core/validation";
import {
    defaultGeneration,
    generationOf,
    generationProblems,
    isGeneration,
    KusciaGeneration,
} from "./kusciaGenerations";

/** A Kuscia autonomy node's arguments. */
export interface KusciaAutonomyNodeArgs {
    /** The node's domain id (plain string: it names the node's resources). */
    readonly domainId: string;
    /**
     * The Kuscia generation the node runs; default "0.3" (0.3.0b0, as deploy_p2p_multi_machine_cn.md deploys it).
     * Plain: it decides which steps exist.
     */
    readonly generation?: KusciaGeneration;
    /** SSH connection to the host, as @pulumi/command's remote connection; `hostKey` (and a `proxy`'s) is required. */
    readonly connection: Connection;
    /**
     * Log in without a pinned host key, taking whatever key the host (and jump host) offers: for throw-away test hosts
     * only. Anyone in between then receives the node's keys. Default false; every run warns while it is set. Plain.
     */
    readonly insecureAcceptAnyHostKey?: boolean;
    /**
     * The node's address on the network; default connection.host. Kuscia 0.3: an IPv4 address (it goes into the gateway
     * certificate). Kuscia 1.1: an IPv4 address or a DNS name (it goes into KusciaAPI's certificate).
     */
    readonly hostIp?: pulumi.Input<string>;
    /**
     * Where partners reach the gateway when it is not hostIp:gatewayPort (plain): HOST:PORT of a NAT or a load
     * balancer, or, for Kuscia 1.1, the URL of a 7-layer proxy in front of it, `scheme://host[:port][/path]` (as
     * join_to_host.sh takes it).
     */
    readonly publicEndpoint?: string;
    /** Host port published to the gateway (container port 1080). Required. */
    readonly gatewayPort: pulumi.Input<number>;
    /** Host port published to KusciaAPI HTTP (container 8082); default 13082. */
    readonly apiHttpPort?: pulumi.Input<number>;
    /** Host port published to KusciaAPI gRPC (container 8083); default 13083. */
    readonly apiGrpcPort?: pulumi.Input<number>;
    /**
     * Kuscia 1.1: host port published to the gateway's internal listener (container 80); default 13081, as kuscia.sh's
     * `-q`.
     */
    readonly internalPort?: pulumi.Input<number>;
    /** Kuscia 1.1: host port published to the metrics port (container 9091); default 13084, as kuscia.sh's `-x`. */
    readonly metricsPort?: pulumi.Input<number>;
    /** Kuscia image; default the real Kuscia image of the node's generation. */
    readonly image?: pulumi.Input<string>;
    /** Directory holding the certs and data dirs; default the login's home (/root or /home/USER). */
    readonly rootDir?: pulumi.Input<string>;
    /** Container name; default `${user}-kuscia-autonomy-${domainId}` as deploy.sh names it. */
    readonly containerName?: pulumi.Input<string>;
    /** Run the container privileged, as Kuscia requires; default true. */
    readonly privileged?: pulumi.Input<boolean>;
    /** Container memory limit, docker's syntax; default "6G" (Kuscia 0.3, deploy.sh's), "6GiB" (1.1, kuscia.sh's). */
    readonly memory?: pulumi.Input<string>;
    /** "stack": keys in this stack's state (default). "host": keys made on the host, never leaving it. */
    readonly identity?: "stack" | "host";
    /**
     * "docker": @pulumi/docker over ssh:// (default). "cli": the docker CLI over the SSH connection (works through a
     * proxy).
     */
    readonly containerDriver?: ContainerDriver;
    /** Docker network the container joins; default "kuscia-exchange". */
    readonly networkName?: pulumi.Input<string>;
    /**
     * After start, copy the image's demo tables (alice.csv, bob.csv; hidden by the data dir mount) into the data dir
     * when absent and register them (0.3: deploy.sh's create_domain_datasource.sh and
     * create_domaindata_{alice,bob}_table.sh; 1.1: its guide's create_domaindata_{alice,bob}_table.sh); default false.
     * Plain: it decides which steps exist.
     */
    readonly demoData?: boolean;
    /**
     * Kuscia 1.1: the config's `protocol` (`kuscia init -p`): "NOTLS" (plain HTTP on the gateway and KusciaAPI, no
     * token), "TLS" or "MTLS"; default none (Kuscia's default: HTTPS gateway, KusciaAPI MTLS plus token). Plain:
     * partners' routes take its scheme.
     */
    readonly protocol?: KusciaProtocol;
    /**
     * SecretFlow image (REPO:TAG) loaded into the node and registered as its AppImage `secretflow-image` after start;
     * default the deploy script's (0.3: deploy.sh's, 1.1: kuscia.sh's).
     */
    readonly secretflowImage?: pulumi.Input<string>;
    /**
     * Load the SecretFlow image into the node after start, as the deploy scripts do (pulled on the host when missing;
     * skipped when the node has it); default true. false, as kuscia.sh's `-a none`: only the AppImage is registered,
     * and the node pulls the image itself when a job first needs it (which a job's timeout may not allow for). Plain.
     */
    readonly loadSecretflowImage?: boolean;
    /** Seconds to wait for the node to list its gateway; default 180. */
    readonly readyTimeoutSeconds?: pulumi.Input<number>;
}

/** Every host port a node publishes, by argument, with its default; the generation decides which exist. */
export function nodePorts(args: KusciaAutonomyNodeArgs): [string, pulumi.Input<number> | undefined][] {
    const generation = generationOf(isGeneration(args.generation) ? args.generation : undefined);
    return [
        ["gatewayPort", args.gatewayPort],
        ["apiHttpPort", args.apiHttpPort ?? defaults.defaultApiHttpPort],
        ["apiGrpcPort", args.apiGrpcPort ?? defaults.defaultApiGrpcPort],
        ...Object.entries(generation.node.extraPorts).map(
            ([field, port]) =>
                [field, args[field as "internalPort" | "metricsPort"] ?? port] as [string, pulumi.Input<number>],
        ),
    ];
}

/** The node's arguments as the node uses them: checked (see InputChecks), defaults not yet applied. */
interface CheckedNodeInputs {
    hostIp: pulumi.Output<string>;
    publicEndpoint?: v.PublicEndpoint;
    gatewayPort: pulumi.Output<number>;
    apiHttpPort?: pulumi.Output<number>;
    apiGrpcPort?: pulumi.Output<number>;
    internalPort?: pulumi.Output<number>;
    metricsPort?: pulumi.Output<number>;
    memory?: pulumi.Output<string>;
    image?: pulumi.Output<string>;
    privileged?: pulumi.Output<boolean>;
    containerName?: pulumi.Output<string>;
    rootDir?: pulumi.Output<string>;
    networkName?: pulumi.Output<string>;
    readyTimeoutSeconds?: pulumi.Output<number>;
    secretflowImage?: pulumi.Output<string>;
    /** The connection's computed user, port and host key, checked: the node's steps wait for them. */
    connection: pulumi.Output<unknown>[];
}

/** Checks every argument of a node: plain ones now (problems in `checks.problems`), computed ones through `checks`. */
function checkNodeInputs(name: string, args: KusciaAutonomyNodeArgs, checks: InputChecks): CheckedNodeInputs {
    const p = checks.problems;
    const identity = args.identity ?? "stack";
    const driver = args.containerDriver ?? "docker";
    const optional = <T>(value: pulumi.Input<T> | undefined, rule: (x: T) => string[]) =>
        value === undefined ? undefined : checks.value(value, rule);
    p.push(...v.domainIdProblems(`${name}.domainId`, args.domainId));
    p.push(...generationProblems(`${name}.generation`, args.generation));
    if (!["stack", "host"].includes(identity)) {
        p.push(`${name}.identity '${identity}' must be 'stack' or 'host'`);
    }
    if (!["docker", "cli"].includes(driver)) {
        p.push(`${name}.containerDriver '${driver}' must be 'docker' or 'cli'`);
    }
    if (args.insecureAcceptAnyHostKey !== undefined) {
        p.push(...v.booleanProblems(`${name}.insecureAcceptAnyHostKey`, args.insecureAcceptAnyHostKey));
    }
    const conn = args.connection;
    const connection: pulumi.Output<unknown>[] = [];
    if (conn === undefined) {
        p.push(`${name}.connection is required`);
    } else {
        p.push(
            ...v.connectionProblems(
                `${name}.connection`,
                connectionFacts(conn),
                driver,
                args.insecureAcceptAnyHostKey === true,
            ),
        );
        // Computed fields: their plain problems are reported above as far as known; these check them once known.
        if (isComputed(conn.user)) {
            connection.push(checks.value(conn.user!, x => v.loginProblems(`${name}.connection.user`, x)));
        }
        if (isComputed(conn.port)) {
            connection.push(checks.value(conn.port!, x => v.portProblems(`${name}.connection.port`, x)));
        }
        if (isComputed(conn.hostKey)) {
            connection.push(checks.value(conn.hostKey!, x => v.hostKeyProblems(`${name}.connection.hostKey`, x)));
        }
    }
    if (args.gatewayPort === undefined) {
        p.push(`${name}.gatewayPort is required`);
    }
    const generation = isGeneration(args.generation ?? defaultGeneration) ? generationOf(args.generation) : undefined;
    const hostIpRule = generation?.node.hostIpProblems ?? (() => []);
    const hostIp =
        args.hostIp !== undefined
            ? checks.value(args.hostIp, x => hostIpRule(`${name}.hostIp`, x))
            : conn?.host
              ? checks.value(conn.host, x => hostIpRule(`${name}.hostIp (default connection.host)`, x))
              : pulumi.output("");
    const publicEndpoint =
        args.publicEndpoint === undefined || generation === undefined
            ? undefined
            : v.parsePublicEndpoint(`${name}.publicEndpoint`, args.publicEndpoint, generation.node.publicEndpointUrls);
    p.push(...(publicEndpoint?.problems ?? []));
    const inputs: CheckedNodeInputs = {
        hostIp,
        publicEndpoint: publicEndpoint?.endpoint,
        gatewayPort: checks.value(args.gatewayPort, x =>
            args.gatewayPort === undefined ? [] : v.portProblems(`${name}.gatewayPort`, x),
        ),
        apiHttpPort: optional(args.apiHttpPort, x => v.portProblems(`${name}.apiHttpPort`, x)),
        apiGrpcPort: optional(args.apiGrpcPort, x => v.portProblems(`${name}.apiGrpcPort`, x)),
        memory: optional(args.memory, x => v.memoryProblems(`${name}.memory`, x)),
        image: optional(args.image, x => v.nodeImageProblems(`${name}.image`, x)),
        privileged: optional(args.privileged, x => v.booleanProblems(`${name}.privileged`, x)),
        containerName: optional(args.containerName, x => v.containerNameProblems(`${name}.containerName`, x)),
        rootDir: optional(args.rootDir, x => v.absolutePathProblems(`${name}.rootDir`, x)),
        networkName: optional(args.networkName, x => v.networkNameProblems(`${name}.networkName`, x)),
        readyTimeoutSeconds: optional(args.readyTimeoutSeconds, x =>
            v.secondsProblems(`${name}.readyTimeoutSeconds`, x),
        ),
        secretflowImage: optional(args.secretflowImage, x => v.imageReferenceProblems(`${name}.secretflowImage`, x)),
        connection,
    };
    for (const field of ["demoData", "loadSecretflowImage"] as const) {
        if (args[field] !== undefined) {
            p.push(...v.booleanProblems(`${name}.${field}`, args[field]));
        }
    }
    if (generation !== undefined) {
        for (const field of ["internalPort", "metricsPort"] as const) {
            if (args[field] === undefined) {
                continue;
            }
            if (generation.node.extraPorts[field] === undefined) {
                p.push(
                    `${name}.${field} is for Kuscia 1.1 nodes; a Kuscia ${args.generation ?? defaultGeneration} node publishes no such port`,
                );
            } else {
                inputs[field] = checks.value(args[field]!, x => v.portProblems(`${name}.${field}`, x));
            }
        }
        if (args.protocol !== undefined && !generation.node.protocols.includes(args.protocol)) {
            p.push(
                generation.node.protocols.length === 0
                    ? `${name}.protocol is for Kuscia 1.1 nodes; a Kuscia ${args.generation ?? defaultGeneration} node has no protocol setting`
                    : `${name}.protocol must be one of ${generation.node.protocols.join(", ")} (as Kuscia spells them) or left out, got ${JSON.stringify(args.protocol)}`,
            );
        }
    }
    const ownPorts = nodePorts(args).filter(([, port]) => typeof port === "number");
    ownPorts.forEach(([field, port], i) =>
        ownPorts
            .slice(i + 1)
            .filter(([, other]) => other === port)
            .forEach(([otherField]) => p.push(`${name}.${field} and ${name}.${otherField} are both port ${port}`)),
    );
    return inputs;
}

/** Every problem of a node's plain arguments (computed ones are checked by the node once known). */
export function validateNodeArgs(name: string, args: KusciaAutonomyNodeArgs): string[] {
    const checks = new PlainChecks();
    checkNodeInputs(name, args, checks);
    return checks.problems;
}

/** The connection's host for a message: as given, or that it is computed. */
function shownHost(c: Connection): string {
    return typeof c.host === "string" ? c.host : "its host";
}

/**
 * The node's arguments, checked (a bad plain one throws a KusciaValidationError before any host is
 * touched; computed ones hold back every step until they pass) and with their defaults applied.
 */
export function nodeContext(name: string, args: KusciaAutonomyNodeArgs, parent: pulumi.Resource): NodeContext {
    const checks = new GatedChecks();
    const input = checkNodeInputs(name, args, checks);
    v.throwIfProblems(checks.problems);
    if (args.insecureAcceptAnyHostKey) {
        pulumi.log.warn(
            `${name}: insecureAcceptAnyHostKey is set: SSH takes any host key from ${shownHost(args.connection)}` +
                `${args.connection.proxy ? " and its jump host" : ""}, so anyone in between receives this node's keys. ` +
                "Pin connection.hostKey (ssh-keyscan, checked on the host) on anything but a throw-away test host.",
            parent,
        );
    }
    const generation: Generation<PeerHandshake> = generationOf(args.generation);
    // Every step reaches the host through this connection, which waits for every computed argument to pass its check.
    const connection: Connection = { ...args.connection, host: checks.gate(args.connection.host!) };
    const user = pulumi.output(connection.user!);
    const ctx: NodeContext = {
        name,
        domainId: args.domainId,
        connection,
        acceptAnyHostKey: args.insecureAcceptAnyHostKey === true,
        containerDriver: args.containerDriver ?? "docker",
        identity: args.identity ?? "stack",
        hostIp: input.hostIp,
        publicEndpoint: input.publicEndpoint,
        rootDir:
            input.rootDir !== undefined
                ? input.rootDir.apply(d => d.replace(/\/+$/, ""))
                : user.apply(defaults.defaultRootDir),
        containerName: input.containerName ?? user.apply(u => defaults.defaultContainerName(u, args.domainId)),
        image: input.image ?? pulumi.output(generation.node.defaultImage),
        gatewayPort: input.gatewayPort,
        apiHttpPort: input.apiHttpPort ?? pulumi.output(defaults.defaultApiHttpPort),
        apiGrpcPort: input.apiGrpcPort ?? pulumi.output(defaults.defaultApiGrpcPort),
        internalPort: input.internalPort,
        metricsPort: input.metricsPort,
        memory: input.memory ?? pulumi.output(generation.node.defaultMemory),
        protocol: args.protocol,
        privileged: input.privileged ?? pulumi.output(true),
        networkName: input.networkName ?? pulumi.output(defaults.defaultNetworkName),
        secretflowImage: input.secretflowImage ?? pulumi.output(generation.node.defaultSecretflowImage),
        loadSecretflowImage: args.loadSecretflowImage !== false,
        demoData: args.demoData === true,
        readyTimeoutSeconds: input.readyTimeoutSeconds ?? pulumi.output(defaults.defaultReadyTimeoutSeconds),
        parent,
    };
    ctx.privileged.apply(on => {
        if (!on) {
            pulumi.log.warn(
                `${name}: privileged is false. Real Kuscia needs a privileged container (its entrypoint ` +
                    "writes /sys/fs/cgroup and runs k3s and iptables); only a Kuscia simulator runs without.",
                parent,
            );
        }
    });
    return ctx;
}
