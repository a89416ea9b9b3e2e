import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection, connectionFacts, sshTarget } from "./connection";
import { cliDriverContainer, ContainerDriver, dockerDriverContainer } from "./containerDrivers";
import { ContainerSpec } from "./containerSpec";
import * as defaults from "./defaults";
import { Generation, JobParty, NodeContext, TrustSide } from "./generation";
import { defaultGeneration, generationOf, generationProblems, generationSteps, isGeneration, KusciaGeneration } from "./generations";
import { HostProbe } from "./hostProbe";
import type { KusciaProtocol } from "./kuscia-1.1/protocol";
import { installBundle, probeCommand, remoteStep, RemoteStepArgs } from "./remoteSteps";
import { GatedChecks, InputChecks, isComputed, PlainChecks } from "./inputChecks";
import * as v from "./validation";
import { sha256Fingerprint } from "./x509";

export interface KusciaAutonomyNodeArgs {
    /** The node's domain id (plain string: it names the node's resources). */
    readonly domainId: string;
    /** The Kuscia generation the node runs; default "0.3" (0.3.0b0, the seed's). Plain: it decides which steps exist. */
    readonly generation?: KusciaGeneration;
    /** SSH connection to the host, as @pulumi/command's remote connection; `hostKey` (and a `proxy`'s) is required. */
    readonly connection: Connection;
    /**
     * Log in without a pinned host key, taking whatever key the host (and jump host) offers: for throw-away test hosts only.
     * Anyone in between then receives the node's keys. Default false; every run warns while it is set. Plain.
     */
    readonly insecureAcceptAnyHostKey?: boolean;
    /**
     * The node's address on the network; default connection.host. Kuscia 0.3: an IPv4 address (it goes into the gateway
     * certificate). Kuscia 1.1: an IPv4 address or a DNS name (it goes into KusciaAPI's certificate).
     */
    readonly hostIp?: pulumi.Input<string>;
    /**
     * Where partners reach the gateway when it is not hostIp:gatewayPort (plain): HOST:PORT of a NAT or a load balancer,
     * or, for Kuscia 1.1, the URL of a 7-layer proxy in front of it, `scheme://host[:port][/path]` (as join_to_host.sh takes it).
     */
    readonly publicEndpoint?: string;
    /** Host port published to the gateway (container port 1080). Required. */
    readonly gatewayPort: pulumi.Input<number>;
    /** Host port published to KusciaAPI HTTP (container 8082); default 13082. */
    readonly apiHttpPort?: pulumi.Input<number>;
    /** Host port published to KusciaAPI gRPC (container 8083); default 13083. */
    readonly apiGrpcPort?: pulumi.Input<number>;
    /** Kuscia 1.1: host port published to the gateway's internal listener (container 80); default 13081, as kuscia.sh's `-q`. */
    readonly internalPort?: pulumi.Input<number>;
    /** Kuscia 1.1: host port published to the metrics port (container 9091); default 13084, as kuscia.sh's `-x`. */
    readonly metricsPort?: pulumi.Input<number>;
    /** Kuscia image; default the real Kuscia image of the node's generation. */
    readonly image?: pulumi.Input<string>;
    /** Directory holding the certs and data dirs; default the login's home (/root or /home/USER). */
    readonly rootDir?: pulumi.Input<string>;
    /** Container name; default `${user}-kuscia-autonomy-${domainId}` as in the seed. */
    readonly containerName?: pulumi.Input<string>;
    /** Run the container privileged, as Kuscia requires; default true. */
    readonly privileged?: pulumi.Input<boolean>;
    /** Container memory limit, docker's syntax; default "6G" (Kuscia 0.3, deploy.sh's), "6GiB" (1.1, kuscia.sh's). */
    readonly memory?: pulumi.Input<string>;
    /** "stack": keys in this stack's state (default). "host": keys made on the host, never leaving it. */
    readonly identity?: "stack" | "host";
    /** "docker": @pulumi/docker over ssh:// (default). "cli": the docker CLI over the SSH connection (works through a proxy). */
    readonly containerDriver?: ContainerDriver;
    /** Docker network the container joins; default "kuscia-exchange". */
    readonly networkName?: pulumi.Input<string>;
    /** After start, copy the image's demo tables (alice.csv, bob.csv; hidden by the data dir mount) into the data dir when absent and register them (0.3: deploy.sh's create_domain_datasource.sh and create_domaindata_{alice,bob}_table.sh; 1.1: the guide's create_domaindata_{alice,bob}_table.sh); default false. Plain: it decides which steps exist. */
    readonly demoData?: boolean;
    /**
     * Kuscia 1.1: the config's `protocol` (`kuscia init -p`): "NOTLS" (plain HTTP on the gateway and KusciaAPI, no token), "TLS" or "MTLS";
     * default none (Kuscia's default: HTTPS gateway, KusciaAPI MTLS plus token). Plain: partners' routes take its scheme.
     */
    readonly protocol?: KusciaProtocol;
    /**
     * SecretFlow image (REPO:TAG) loaded into the node and registered as its AppImage `secretflow-image` after start; default the
     * deploy script's (0.3: deploy.sh's, 1.1: kuscia.sh's).
     */
    readonly secretflowImage?: pulumi.Input<string>;
    /**
     * Load the SecretFlow image into the node after start, as the deploy scripts do (pulled on the host when missing; skipped
     * when the node has it); default true. false, as kuscia.sh's `-a none`: only the AppImage is registered, and the node pulls
     * the image itself when a job first needs it (which a job's timeout may not allow for). Plain.
     */
    readonly loadSecretflowImage?: boolean;
    /** Seconds to wait for the node to list its gateway; default 180. */
    readonly readyTimeoutSeconds?: pulumi.Input<number>;
}

/** API access to a node: KusciaAPI endpoint and client credentials (secret as a whole). */
export interface KusciaApiAccess {
    /** `https://hostIp:apiHttpPort`. */
    endpoint: string;
    /** The node's CA certificate, which signed the KusciaAPI server certificate. */
    caCertPem: string;
    /**
     * The KusciaAPI client certificate (0.3: `kusciaapi-client.crt`; 1.1: `ca.crt`, as the guide uses it). Empty for a 1.1 node of
     * identity "host" (its key is the node's own, which stays on the host) and for a NOTLS node (no TLS).
     */
    clientCertPem: string;
    /** Its key (0.3: `kusciaapi-client.key`, PKCS#8; 1.1: `ca.key`, the config's key); empty when the certificate is. */
    clientKeyPem: string;
    /** The KusciaAPI token (the certs' `token`), sent as the `token` header. */
    token: string;
}

/** Every host port a node publishes, by argument, with its default; the generation decides which exist. */
export function nodePorts(args: KusciaAutonomyNodeArgs): [string, pulumi.Input<number> | undefined][] {
    const generation = generationOf(isGeneration(args.generation) ? args.generation : undefined);
    return [
        ["gatewayPort", args.gatewayPort],
        ["apiHttpPort", args.apiHttpPort ?? defaults.defaultApiHttpPort],
        ["apiGrpcPort", args.apiGrpcPort ?? defaults.defaultApiGrpcPort],
        ...Object.entries(generation.node.extraPorts).map(([field, port]) =>
            [field, args[field as "internalPort" | "metricsPort"] ?? port] as [string, pulumi.Input<number>]),
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
        p.push(...v.connectionProblems(`${name}.connection`, connectionFacts(conn), driver, args.insecureAcceptAnyHostKey === true));
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
    const hostIp = args.hostIp !== undefined ? checks.value(args.hostIp, x => hostIpRule(`${name}.hostIp`, x))
        : conn?.host ? checks.value(conn.host, x => hostIpRule(`${name}.hostIp (default connection.host)`, x))
            : pulumi.output("");
    const publicEndpoint = args.publicEndpoint === undefined || generation === undefined ? undefined
        : v.parsePublicEndpoint(`${name}.publicEndpoint`, args.publicEndpoint, generation.node.publicEndpointUrls);
    p.push(...publicEndpoint?.problems ?? []);
    const inputs: CheckedNodeInputs = {
        hostIp,
        publicEndpoint: publicEndpoint?.endpoint,
        gatewayPort: checks.value(args.gatewayPort, x => args.gatewayPort === undefined ? [] : v.portProblems(`${name}.gatewayPort`, x)),
        apiHttpPort: optional(args.apiHttpPort, x => v.portProblems(`${name}.apiHttpPort`, x)),
        apiGrpcPort: optional(args.apiGrpcPort, x => v.portProblems(`${name}.apiGrpcPort`, x)),
        memory: optional(args.memory, x => v.memoryProblems(`${name}.memory`, x)),
        image: optional(args.image, x => v.nodeImageProblems(`${name}.image`, x)),
        privileged: optional(args.privileged, x => v.booleanProblems(`${name}.privileged`, x)),
        containerName: optional(args.containerName, x => v.containerNameProblems(`${name}.containerName`, x)),
        rootDir: optional(args.rootDir, x => v.absolutePathProblems(`${name}.rootDir`, x)),
        networkName: optional(args.networkName, x => v.networkNameProblems(`${name}.networkName`, x)),
        readyTimeoutSeconds: optional(args.readyTimeoutSeconds, x => v.secondsProblems(`${name}.readyTimeoutSeconds`, x)),
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
                p.push(`${name}.${field} is for Kuscia 1.1 nodes; a Kuscia ${args.generation ?? defaultGeneration} node publishes no such port`);
            } else {
                inputs[field] = checks.value(args[field]!, x => v.portProblems(`${name}.${field}`, x));
            }
        }
        if (args.protocol !== undefined && !generation.node.protocols.includes(args.protocol)) {
            p.push(generation.node.protocols.length === 0
                ? `${name}.protocol is for Kuscia 1.1 nodes; a Kuscia ${args.generation ?? defaultGeneration} node has no protocol setting`
                : `${name}.protocol must be one of ${generation.node.protocols.join(", ")} (as Kuscia spells them) or left out, got ${JSON.stringify(args.protocol)}`);
        }
    }
    const ownPorts = nodePorts(args).filter(([, port]) => typeof port === "number");
    ownPorts.forEach(([field, port], i) => ownPorts.slice(i + 1).filter(([, other]) => other === port)
        .forEach(([otherField]) => p.push(`${name}.${field} and ${name}.${otherField} are both port ${port}`)));
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
 * One Kuscia autonomy node on one host reached over SSH: its identity in the certs dir, its container
 * (started as the seed's deploy.sh starts it) and a readiness check.
 */
export class KusciaAutonomyNode extends pulumi.ComponentResource {
    /** The node's domain id. */
    public readonly domainId: pulumi.Output<string>;
    /** `hostIp:gatewayPort`, what partners join to. */
    public readonly endpoint: pulumi.Output<string>;
    /** Kuscia 0.3: the node's `domain.csr` (CN = domain id), which each partner signs when it grants this node. */
    public readonly csrPem: pulumi.Output<string>;
    /** Kuscia 0.3: the node's `ca.crt`: partners trust this node's gateway with it, and it signs their certificates. */
    public readonly caCertPem: pulumi.Output<string>;
    /** Kuscia 1.1: the node's `domain.crt` (its public key, self-signed at start), which each partner adds. */
    public readonly domainCertPem: pulumi.Output<string>;
    /**
     * SHA-256 fingerprint (`AB:CD:...`, as `openssl x509 -noout -fingerprint -sha256` prints it) of the certificate partners
     * pin: the node's CA certificate (Kuscia 0.3) or its domain.crt (1.1). Read it to each partner out of band, for its
     * MutualAuthorization's `partnerFingerprint`.
     */
    public readonly trustFingerprint: pulumi.Output<string>;
    /** The node's container on its host. */
    public readonly containerName: pulumi.Output<string>;
    /** The certs dir on the host (`<rootDir>/kuscia-autonomy-<id>-certs`, mode 0700); removed on destroy. */
    public readonly certsDir: pulumi.Output<string>;
    /** The data dir (tables, job results); kept on destroy. */
    public readonly dataDir: pulumi.Output<string>;
    /** KusciaAPI endpoint and client credentials; secret as a whole. */
    public readonly api: pulumi.Output<KusciaApiAccess>;

    /** Completes when the node answers; its id changes whenever the container is (re)created. */
    public readonly ready: command.remote.Command;
    /** The plain domain id, for naming resources of components built on this node. */
    public readonly domainName: string;
    /**
     * What differs per Kuscia generation, for components built on this node.
     * @internal
     */
    public readonly generation: Generation;
    /** The node's Kuscia generation. */
    public readonly generationName: KusciaGeneration;
    /**
     * The node as trust steps see it.
     * @internal
     */
    public readonly trustSide: TrustSide;
    /**
     * The node as the example job sees it.
     * @internal
     */
    public readonly jobParty: JobParty;

    /** The partners this node trusts in this program, with the authorization of each. */
    private readonly partners = new Map<string, string>();

    /**
     * Records that `authorization` makes this node trust `partnerDomainId`; a problem when another already does (a second
     * authorization with one partner id would point the node's route and grants at whichever ran last, and its destroy would
     * tear down the other's trust).
     * @internal
     */
    public claimPartner(partnerDomainId: string, authorization: string): string[] {
        const holder = this.partners.get(partnerDomainId);
        if (holder !== undefined) {
            return [`${authorization} and ${holder} both authorize '${partnerDomainId}' on node '${this.domainName}': `
                + "a node holds one authorization per partner domain id"];
        }
        this.partners.set(partnerDomainId, authorization);
        return [];
    }

    /**
     * @param name The component's name; its children's names start with it.
     * @param args The node. Every plain argument is checked first: a bad one throws a KusciaValidationError before any host is touched.
     * @param opts Resource options for the component.
     */
    constructor(name: string, args: KusciaAutonomyNodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kuscia:index:KusciaAutonomyNode", name, {}, opts);
        const checks = new GatedChecks();
        const input = checkNodeInputs(name, args, checks);
        v.throwIfProblems(checks.problems);
        if (args.insecureAcceptAnyHostKey) {
            pulumi.log.warn(`${name}: insecureAcceptAnyHostKey is set: SSH takes any host key from ${shownHost(args.connection)}`
                + `${args.connection.proxy ? " and its jump host" : ""}, so anyone in between receives this node's keys. `
                + "Pin connection.hostKey (ssh-keyscan, checked on the host) on anything but a throw-away test host.", this);
        }

        // Every step reaches the host through this connection, which waits for every computed argument to pass its check.
        const conn: Connection = { ...args.connection, host: checks.gate(args.connection.host!) };
        const generation = generationOf(args.generation);
        const user = pulumi.output(conn.user!);
        const ctx: NodeContext = {
            name,
            domainId: args.domainId,
            connection: conn,
            identity: args.identity ?? "stack",
            hostIp: input.hostIp,
            publicEndpoint: input.publicEndpoint,
            rootDir: input.rootDir !== undefined ? input.rootDir.apply(d => d.replace(/\/+$/, "")) : user.apply(defaults.defaultRootDir),
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
            parent: this,
        };
        ctx.privileged.apply(on => {
            if (!on) {
                pulumi.log.warn(`${name}: privileged is false. Real Kuscia needs a privileged container (its entrypoint `
                    + "writes /sys/fs/cgroup and runs k3s and iptables); only a Kuscia simulator runs without.", this);
            }
        });
        const where = sshTarget(conn);
        const child = { parent: this };
        const layout = generation.node.layout(ctx);

        const scripts = generationSteps(args.generation);
        const bundlePath = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${args.domainId}-steps.sh`;
        // Only a refresh runs the probes; a probe that found its part missing changes its epoch, which
        // makes that part again: the host's steps, network, dirs and keys (a wiped or rebuilt host), or the container.
        const acceptAnyHostKey = args.insecureAcceptAnyHostKey === true;
        const hostProbe = new HostProbe(`${name}-host-probe`, {
            connection: conn,
            acceptAnyHostKey,
            check: probeCommand(scripts, bundlePath, "probe-host", layout.probeValues),
        }, child);
        const host = installBundle(`${name}-steps`, conn, acceptAnyHostKey, scripts, bundlePath, [where, hostProbe.epoch], child);
        const onHost = (step: string, stepArgs: RemoteStepArgs, o: pulumi.CustomResourceOptions = {}) =>
            remoteStep(`${name}-${step}`, host, stepArgs, { ...child, ...o });

        const network = onHost("network", {
            run: ["ensure-network"], onDelete: ["release-network"], values: { NETWORK: ctx.networkName },
            triggers: [where, ctx.networkName, hostProbe.epoch],
        });
        const hostFacts = { epoch: hostProbe.epoch, hostName: network.stdout.apply(out => out.trim()) };
        const identity = generation.node.identity(ctx, layout, onHost, hostFacts);
        const spec: ContainerSpec = {
            ...generation.node.container(ctx, layout, hostFacts),
            name: ctx.containerName,
            image: ctx.image,
            network: ctx.networkName,
            memory: ctx.memory,
            privileged: ctx.privileged,
            // The container reads its identity at start, and binds its dirs: a new identity or re-made dirs must restart it.
            restartLabels: [
                { label: "kuscia.pulumi/identity", value: identity.fingerprint },
                { label: "kuscia.pulumi/host", value: hostProbe.epoch },
            ],
        };
        const started = (args.containerDriver ?? "docker") === "docker"
            ? dockerDriverContainer(name, spec, conn, [identity.step, network], this)
            : cliDriverContainer(name, spec, host, [identity.step, network], this);

        const timeout = input.readyTimeoutSeconds ?? pulumi.output(defaults.defaultReadyTimeoutSeconds);
        this.ready = onHost("ready", { ...generation.node.ready(ctx, hostFacts, timeout), triggers: [started.id] }, { dependsOn: [started.resource] });
        const published = generation.node.published(ctx, identity, onHost, this.ready);
        const demoData = args.demoData
            ? onHost("demo-data", { ...generation.node.demoData(ctx, layout), triggers: [started.id] }, { dependsOn: [this.ready] })
            : undefined;
        const appImage = ctx.secretflowImage.apply(v.imageReference);
        const appImageStep = onHost("app-image", {
            ...generation.node.appImage(ctx, appImage.apply(r => r!.repo), appImage.apply(r => r!.tag), args.loadSecretflowImage !== false),
            triggers: [started.id],
        }, { dependsOn: [this.ready] });

        this.generation = generation;
        this.generationName = args.generation ?? defaultGeneration;
        this.trustSide = {
            domainId: args.domainId,
            steps: host,
            values: generation.node.trustValues(ctx, layout),
            endpoint: ctx.publicEndpoint !== undefined ? pulumi.output(ctx.publicEndpoint.endpoint) : pulumi.interpolate`${ctx.hostIp}:${ctx.gatewayPort}`,
            publicMaterial: published.publicMaterial,
            ready: this.ready,
        };
        this.jobParty = {
            domainId: args.domainId, steps: host, containerName: ctx.containerName, apiValues: generation.node.apiValues(ctx),
            ready: this.ready, demoData, appImage: appImageStep,
        };
        this.domainName = args.domainId;
        this.domainId = pulumi.output(args.domainId);
        this.endpoint = this.trustSide.endpoint;
        this.csrPem = published.publicMaterial.apply(m => m.csrPem);
        this.caCertPem = published.publicMaterial.apply(m => m.caCertPem);
        this.domainCertPem = published.publicMaterial.apply(m => m.domainCertPem);
        this.trustFingerprint = published.publicMaterial.apply(m => sha256Fingerprint(m[generation.trust.pinnedCertificate.field]));
        this.containerName = ctx.containerName;
        this.certsDir = layout.certsDir;
        this.dataDir = layout.dataDir;
        this.api = published.api;
        this.registerOutputs({
            domainId: this.domainId,
            endpoint: this.endpoint,
            csrPem: this.csrPem,
            caCertPem: this.caCertPem,
            domainCertPem: this.domainCertPem,
            trustFingerprint: this.trustFingerprint,
            containerName: this.containerName,
            certsDir: this.certsDir,
            dataDir: this.dataDir,
            api: this.api,
        });
    }
}
