import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import { Connection, connectionFacts, dockerSsh, sshTarget } from "./connection";
import * as defaults from "./defaults";
import { HostProbe } from "./hostProbe";
import { fingerprintOf, hostIdentity, stackIdentity, IdentityFiles } from "./identity";
import { fileBundle, installBundle, probeCommand, remoteStep, RemoteStepArgs, StepHost, StepValues } from "./remoteSteps";
import * as v from "./validation";

export interface KusciaAutonomyNodeArgs {
    /** The node's domain id (plain string: it names the node's resources). */
    readonly domainId: string;
    /** SSH connection to the host, as @pulumi/command's remote connection. */
    readonly connection: Connection;
    /** The address partners use to reach this node; default connection.host. Goes into the gateway certificate. */
    readonly hostIp?: pulumi.Input<string>;
    /** Host port published to the gateway (container port 1080). Required. */
    readonly gatewayPort: pulumi.Input<number>;
    /** Host port published to KusciaAPI HTTP (container 8082); default 13082. */
    readonly apiHttpPort?: pulumi.Input<number>;
    /** Host port published to KusciaAPI gRPC (container 8083); default 13083. */
    readonly apiGrpcPort?: pulumi.Input<number>;
    /** Kuscia image; default the real Kuscia 0.3 image. */
    readonly image?: pulumi.Input<string>;
    /** Directory holding the certs and data dirs; default the login's home (/root or /home/USER). */
    readonly rootDir?: pulumi.Input<string>;
    /** Container name; default `${user}-kuscia-autonomy-${domainId}` as in the seed. */
    readonly containerName?: pulumi.Input<string>;
    /** Run the container privileged, as Kuscia requires; default true. */
    readonly privileged?: pulumi.Input<boolean>;
    /** Container memory limit; default "6G". */
    readonly memory?: pulumi.Input<string>;
    /** "stack": keys in this stack's state (default). "host": keys made on the host, never leaving it. */
    readonly identity?: "stack" | "host";
    /** "docker": @pulumi/docker over ssh:// (default). "cli": the docker CLI over the SSH connection (works through a proxy). */
    readonly containerDriver?: "docker" | "cli";
    /** Docker network the container joins; default "kuscia-exchange". */
    readonly networkName?: pulumi.Input<string>;
    /** After start, copy the image's demo tables (alice.csv, bob.csv; hidden by the data dir mount) into the data dir when absent and run deploy.sh's create_domain_datasource.sh / create_domaindata_{alice,bob}_table.sh; default false. Plain: it decides which steps exist. */
    readonly demoData?: boolean;
    /** SecretFlow image (REPO:TAG) to import into the node's containerd (unless there) and register as its AppImage after start, as deploy.sh does; default none. */
    readonly secretflowImage?: pulumi.Input<string>;
    /** Seconds to wait for the node to list its gateway; default 180. */
    readonly readyTimeoutSeconds?: pulumi.Input<number>;
}

/** API access to a node: KusciaAPI endpoint and client credentials (secret as a whole). */
export interface KusciaApiAccess {
    /** `https://hostIp:apiHttpPort`. */
    endpoint: string;
    /** The node's CA certificate, which signed the KusciaAPI server certificate. */
    caCertPem: string;
    /** The KusciaAPI client certificate (`kusciaapi-client.crt`). */
    clientCertPem: string;
    /** Its key (`kusciaapi-client.key`, PKCS#8). */
    clientKeyPem: string;
    /** The KusciaAPI token (the certs dir's `token`), sent as the `token` header. */
    token: string;
}

/** The named volume that holds the node container's containerd (its images and their layers). */
function containerdVolumeName(containerName: string): string {
    return `${containerName}-containerd`;
}

/** Runs `check` on a value now when it is plain, or when it becomes known. */
function check<T>(problems: string[], value: pulumi.Input<T> | undefined, rule: (x: T) => string[]): void {
    if (value === undefined) {
        return;
    }
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        pulumi.output(value).apply(x => v.throwIfProblems(rule(x as T)));
        return;
    }
    problems.push(...rule(value as T));
}

/** Node arguments a KusciaCluster has checked already, with every other node's, before making any node. */
const checkedNodeArgs = new WeakSet<KusciaAutonomyNodeArgs>();

/** Marks arguments as checked by their cluster, so that the node does not check (and report) them again. */
export function markNodeArgsChecked(args: KusciaAutonomyNodeArgs): void {
    checkedNodeArgs.add(args);
}

/** Checks a node's own arguments; returns every problem found in plain values. */
export function validateNodeArgs(name: string, args: KusciaAutonomyNodeArgs): string[] {
    const p: string[] = [];
    const identity = args.identity ?? "stack";
    const driver = args.containerDriver ?? "docker";
    p.push(...v.domainIdProblems(`${name}.domainId`, args.domainId));
    if (!["stack", "host"].includes(identity)) {
        p.push(`${name}.identity '${identity}' must be 'stack' or 'host'`);
    }
    if (!["docker", "cli"].includes(driver)) {
        p.push(`${name}.containerDriver '${driver}' must be 'docker' or 'cli'`);
    }
    if (args.connection === undefined) {
        p.push(`${name}.connection is required`);
    } else {
        p.push(...v.connectionProblems(`${name}.connection`, connectionFacts(args.connection), driver));
    }
    if (args.gatewayPort === undefined) {
        p.push(`${name}.gatewayPort is required`);
    }
    check(p, args.gatewayPort, x => v.portProblems(`${name}.gatewayPort`, x));
    check(p, args.apiHttpPort, x => v.portProblems(`${name}.apiHttpPort`, x));
    check(p, args.apiGrpcPort, x => v.portProblems(`${name}.apiGrpcPort`, x));
    if (args.hostIp !== undefined) {
        check(p, args.hostIp, x => v.hostIpProblems(`${name}.hostIp`, x));
    } else if (args.connection?.host) {
        check(p, args.connection.host, x => v.hostIpProblems(`${name}.hostIp (default connection.host)`, x));
    }
    check(p, args.memory, x => v.memoryProblems(`${name}.memory`, x));
    check(p, args.image, x => v.nodeImageProblems(`${name}.image`, x));
    check(p, args.privileged, x => v.booleanProblems(`${name}.privileged`, x));
    if (args.demoData !== undefined) {
        p.push(...v.booleanProblems(`${name}.demoData`, args.demoData));
    }
    const ownPorts = ([["gatewayPort", args.gatewayPort], ["apiHttpPort", args.apiHttpPort ?? defaults.defaultApiHttpPort],
        ["apiGrpcPort", args.apiGrpcPort ?? defaults.defaultApiGrpcPort]] as [string, unknown][]).filter(([, port]) => typeof port === "number");
    ownPorts.forEach(([field, port], i) => ownPorts.slice(i + 1).filter(([, other]) => other === port)
        .forEach(([otherField]) => p.push(`${name}.${field} and ${name}.${otherField} are both port ${port}`)));
    check(p, args.containerName, x => v.containerNameProblems(`${name}.containerName`, x));
    check(p, args.rootDir, x => v.absolutePathProblems(`${name}.rootDir`, x));
    check(p, args.readyTimeoutSeconds, x => v.secondsProblems(`${name}.readyTimeoutSeconds`, x));
    check(p, args.secretflowImage, x => v.imageReferenceProblems(`${name}.secretflowImage`, x));
    return p;
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
    /** The node's `domain.csr` (CN = domain id), which each partner signs when it grants this node. */
    public readonly csrPem: pulumi.Output<string>;
    /** The node's `ca.crt`: partners trust this node's gateway with it, and it signs their certificates. */
    public readonly caCertPem: pulumi.Output<string>;
    /** The node's container on its host. */
    public readonly containerName: pulumi.Output<string>;
    /** The certs dir on the host (`<rootDir>/kuscia-autonomy-<id>-certs`, mode 0700); removed on destroy. */
    public readonly certsDir: pulumi.Output<string>;
    /** The data dir (tables, job results); kept on destroy. */
    public readonly dataDir: pulumi.Output<string>;
    /** KusciaAPI endpoint and client credentials; secret as a whole. */
    public readonly api: pulumi.Output<KusciaApiAccess>;

    /**
     * The SSH connection, for components that run steps on this node's host.
     * @internal
     */
    public readonly connection: Connection;
    /**
     * The node's copy of the remote steps on its host, for components that run steps there.
     * @internal
     */
    public readonly steps: StepHost;
    /** Completes when the node answers; its id changes whenever the container is (re)created. */
    public readonly ready: command.remote.Command;
    /** The plain domain id, for naming resources of components built on this node. */
    public readonly domainName: string;

    /**
     * @param name The component's name; its children's names start with it.
     * @param args The node. Every plain argument is checked first: a bad one throws a KusciaValidationError before any host is touched.
     * @param opts Resource options for the component.
     */
    constructor(name: string, args: KusciaAutonomyNodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kuscia:index:KusciaAutonomyNode", name, {}, opts);
        if (!checkedNodeArgs.has(args)) {
            v.throwIfProblems(validateNodeArgs(name, args));
        }

        const conn = args.connection;
        const user = pulumi.output(conn.user!);
        const hostIp = pulumi.output(args.hostIp ?? conn.host);
        const rootDir = args.rootDir !== undefined
            ? pulumi.output(args.rootDir).apply(d => d.replace(/\/+$/, ""))
            : user.apply(defaults.defaultRootDir);
        const containerName = args.containerName !== undefined
            ? pulumi.output(args.containerName)
            : user.apply(u => defaults.defaultContainerName(u, args.domainId));
        const certsDir = pulumi.interpolate`${rootDir}/kuscia-autonomy-${args.domainId}-certs`;
        const dataDir = pulumi.interpolate`${rootDir}/kuscia-autonomy-${args.domainId}-data`;
        const image = pulumi.output(args.image ?? defaults.defaultKusciaImage);
        const gatewayPort = pulumi.output(args.gatewayPort);
        const apiHttpPort = pulumi.output(args.apiHttpPort ?? defaults.defaultApiHttpPort);
        const apiGrpcPort = pulumi.output(args.apiGrpcPort ?? defaults.defaultApiGrpcPort);
        const memory = pulumi.output(args.memory ?? defaults.defaultMemory);
        const privileged = pulumi.output(args.privileged ?? true);
        privileged.apply(on => {
            if (!on) {
                pulumi.log.warn(`${name}: privileged is false. Real Kuscia 0.3 needs a privileged container (its entrypoint `
                    + "writes /sys/fs/cgroup and runs k3s and iptables); only a Kuscia simulator runs without.", this);
            }
        });
        const networkName = pulumi.output(args.networkName ?? defaults.defaultNetworkName);
        const where = sshTarget(conn);
        const child = { parent: this };

        const bundlePath = pulumi.interpolate`${rootDir}/kuscia-autonomy-${args.domainId}-steps.sh`;
        // Only a refresh runs the probes; a probe that found its part missing changes its epoch, which
        // makes that part again: the host's steps, network, dirs and keys (a wiped or rebuilt host), or the container.
        const hostProbe = new HostProbe(`${name}-host-probe`, {
            connection: conn,
            check: probeCommand(bundlePath, "probe-host", { CERTS_DIR: certsDir, DATA_DIR: dataDir, NETWORK: networkName }),
        }, child);
        const host = installBundle(`${name}-steps`, conn, bundlePath, [where, hostProbe.epoch], child);
        const onHost = (step: string, stepArgs: RemoteStepArgs, o: pulumi.CustomResourceOptions = {}) =>
            remoteStep(`${name}-${step}`, host, stepArgs, { ...child, ...o });

        const network = onHost("network", {
            run: ["ensure-network"], onDelete: ["release-network"], values: { NETWORK: networkName },
            triggers: [where, networkName, hostProbe.epoch],
        });
        let identity: IdentityFiles;
        let identityStep: command.remote.Command;
        const removeCertsDir = { onDelete: ["remove-certs-dir"], deleteValues: { CERTS_DIR: certsDir } };
        if ((args.identity ?? "stack") === "stack") {
            identity = stackIdentity(name, args.domainId, hostIp, child);
            identityStep = onHost("identity", {
                run: ["install-identity"], values: { CERTS_DIR: certsDir, DATA_DIR: dataDir }, ...removeCertsDir,
                stdin: fileBundle(identity.files),
                triggers: [where, certsDir, hostProbe.epoch],
            }, { deleteBeforeReplace: true });
        } else {
            identityStep = onHost("identity", {
                run: ["host-identity"], ...removeCertsDir,
                values: { IMAGE: image, CERTS_DIR: certsDir, DATA_DIR: dataDir, DOMAIN_ID: args.domainId, HOST_IP: hostIp, CONTAINER: containerName },
                triggers: [where, certsDir, hostProbe.epoch],
            }, { deleteBeforeReplace: true });
            const credentials = onHost("api-credentials", {
                run: ["read-api-credentials"], values: { IMAGE: image, CERTS_DIR: certsDir },
                triggers: [identityStep.stdout],
            }, { dependsOn: [identityStep], additionalSecretOutputs: ["stdout"] });
            identity = hostIdentity(identityStep.stdout, credentials.stdout);
        }

        let containerId: pulumi.Output<string>;
        let started: pulumi.Resource;
        if ((args.containerDriver ?? "docker") === "docker") {
            const ssh = dockerSsh(`${name}-docker-ssh-files`, conn, child);
            const provider = new docker.Provider(`${name}-docker`, { host: ssh.host, sshOpts: ssh.sshOpts }, { ...child, dependsOn: [ssh.keyFiles] });
            const onDocker = { parent: this, provider };
            const volume = new docker.Volume(`${name}-containerd`, { name: containerName.apply(containerdVolumeName) }, onDocker);
            const remoteImage = new docker.RemoteImage(`${name}-image`, { name: image, keepLocally: true }, onDocker);
            const container = new docker.Container(`${name}-container`, {
                name: containerName,
                hostname: containerName,
                image: remoteImage.imageId,
                restart: "always",
                memory: memory.apply(defaults.memoryMiB),
                // What docker derives from -m alone (deploy.sh sets no swap); explicit, so that a read-back plans no change.
                memorySwap: memory.apply(m => 2 * defaults.memoryMiB(m)),
                privileged,
                entrypoints: ["bin/entrypoint.sh"],
                command: ["tini", "--", "scripts/deploy/start_autonomy.sh", args.domainId],
                envs: [`NAMESPACE=${args.domainId}`],
                ports: [
                    { internal: 1080, external: gatewayPort },
                    { internal: 8082, external: apiHttpPort },
                    { internal: 8083, external: apiGrpcPort },
                ],
                volumes: [
                    { volumeName: volume.name, containerPath: "/home/kuscia/containerd" },
                    { hostPath: certsDir, containerPath: "/home/kuscia/etc/certs" },
                    { hostPath: dataDir, containerPath: "/home/kuscia/var/storage/data" },
                ],
                networksAdvanced: [{ name: networkName }],
                // The container reads its certs at start, and binds its dirs: a new identity or re-made dirs must restart it.
                labels: [
                    { label: "kuscia.pulumi/identity", value: identity.fingerprint },
                    { label: "kuscia.pulumi/host", value: hostProbe.epoch },
                ],
                mustRun: true,
            }, { ...onDocker, dependsOn: [identityStep, network] });
            containerId = container.id;
            started = container;
        } else {
            const run: StepValues = {
                CONTAINER: containerName, IMAGE: image, DOMAIN_ID: args.domainId, CERTS_DIR: certsDir, DATA_DIR: dataDir,
                NETWORK: networkName, VOLUME: containerName.apply(containerdVolumeName), GATEWAY_PORT: gatewayPort,
                API_HTTP_PORT: apiHttpPort, API_GRPC_PORT: apiGrpcPort, MEMORY: memory, PRIVILEGED: privileged,
            };
            const runValues: pulumi.Output<Record<string, unknown>> = pulumi.all(run);
            const configHash = pulumi.all([runValues, identity.fingerprint, hostProbe.epoch])
                .apply(([values, fingerprint, epoch]) => fingerprintOf([JSON.stringify(values), fingerprint, epoch]));
            const containerProbe = new HostProbe(`${name}-container-probe`, {
                connection: conn, check: probeCommand(bundlePath, "probe-container", { CONTAINER: containerName, CONFIG_HASH: configHash }),
            }, child);
            const container = onHost("container", {
                run: ["run-container"], values: { ...run, CONFIG_HASH: configHash },
                onDelete: ["remove-container"], deleteValues: { CONTAINER: containerName, VOLUME: run.VOLUME },
                triggers: [where, containerName, containerProbe.epoch],
            }, { dependsOn: [identityStep, network], deleteBeforeReplace: true });
            containerId = pulumi.all([configHash, containerProbe.epoch]).apply(fingerprintOf);
            started = container;
        }

        const timeout = pulumi.output(args.readyTimeoutSeconds ?? defaults.defaultReadyTimeoutSeconds);
        this.ready = onHost("ready", {
            run: ["wait-ready"], values: { CONTAINER: containerName, DOMAIN_ID: args.domainId, TIMEOUT_SECONDS: timeout },
            triggers: [containerId],
        }, { dependsOn: [started] });
        if (args.demoData) {
            onHost("demo-data", {
                run: ["import-demo-data"], values: { CONTAINER: containerName, DOMAIN_ID: args.domainId, DATA_DIR: dataDir },
                triggers: [containerId],
            }, { dependsOn: [this.ready] });
        }
        if (args.secretflowImage !== undefined) {
            const reference = pulumi.output(args.secretflowImage).apply(v.imageReference);
            onHost("app-image", {
                run: ["register-app-image"],
                values: { CONTAINER: containerName, APP_IMAGE_REPO: reference.apply(r => r!.repo), APP_IMAGE_TAG: reference.apply(r => r!.tag) },
                triggers: [containerId],
            }, { dependsOn: [this.ready] });
        }

        this.steps = host;
        this.connection = conn;
        this.domainName = args.domainId;
        this.domainId = pulumi.output(args.domainId);
        this.endpoint = pulumi.interpolate`${hostIp}:${gatewayPort}`;
        this.csrPem = identity.csrPem;
        this.caCertPem = identity.caCertPem;
        this.containerName = containerName;
        this.certsDir = certsDir;
        this.dataDir = dataDir;
        this.api = pulumi.secret(pulumi.all([hostIp, apiHttpPort, identity.caCertPem, identity.apiClientCertPem,
            identity.apiClientKeyPem, identity.apiToken]).apply(([ip, port, caCertPem, clientCertPem, clientKeyPem, token]) =>
            ({ endpoint: `https://${ip}:${port}`, caCertPem, clientCertPem, clientKeyPem, token })));
        this.registerOutputs({
            domainId: this.domainId,
            endpoint: this.endpoint,
            csrPem: this.csrPem,
            caCertPem: this.caCertPem,
            containerName: this.containerName,
            certsDir: this.certsDir,
            dataDir: this.dataDir,
            api: this.api,
        });
    }
}
