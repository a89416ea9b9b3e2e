import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { sshTarget } from "./connection";
import { cliDriverContainer, dockerDriverContainer, NodeContainer } from "./containerDrivers";
import { ContainerSpec, GenerationContainer } from "./containerSpec";
import { hostProbe } from "./hostProbe";
import {
    installBundle,
    probeCommand,
    remoteStep,
    RemoteStepArgs,
    stepBundle,
    StepHost,
    StepValues,
} from "./remoteSteps";
import { Deployment, NodeContext, Step } from "./types";
import { imageReference } from "./validation";

/*
 * The steps every generation's deploy procedure takes on a node's host, in the order it takes them:
 * openHost (the steps bundle, the drift probe, the docker network), startContainer, waitReady, then
 * steps on the ready node (demo data, the AppImage, trust steps).
 */

/** A node's host, once its steps can run there. */
export interface NodeHost {
    steps: StepHost;
    /** The probe's epoch: new once a refresh found the host wiped, which makes every host step again. */
    epoch: pulumi.Output<string>;
    /** The host's hostname (Kuscia 1.1 derives the container's from it). */
    hostName: pulumi.Output<string>;
    /** The docker network the container joins, made if missing. */
    network: command.remote.Command;
    /** Runs one step of the node's bundle on its host, as a child of the node named `<node>-<step>`. */
    run(step: string, args: RemoteStepArgs, opts?: pulumi.CustomResourceOptions): command.remote.Command;
}

/**
 * The node's steps bundle copied to its host, the probe a refresh runs (`probeValues` for the
 * generation's probe-host step), and the docker network.
 */
export function openHost(ctx: NodeContext, scriptsDir: string, probeValues: StepValues): NodeHost {
    const child = { parent: ctx.parent };
    const where = sshTarget(ctx.connection);
    const scripts = stepBundle(scriptsDir);
    const bundlePath = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-steps.sh`;
    // Only a refresh runs the probe; a probe that found its part missing changes its epoch, which
    // makes that part again: the host's steps, network, dirs and keys (a wiped or rebuilt host).
    const probe = hostProbe(
        `${ctx.name}-host-probe`,
        {
            connection: ctx.connection,
            acceptAnyHostKey: ctx.acceptAnyHostKey,
            check: probeCommand(scripts, bundlePath, "probe-host", probeValues),
        },
        child,
    );
    const steps = installBundle(
        `${ctx.name}-steps`,
        ctx.connection,
        ctx.acceptAnyHostKey,
        scripts,
        bundlePath,
        [where, probe.epoch],
        child,
    );
    const run = (step: string, args: RemoteStepArgs, opts: pulumi.CustomResourceOptions = {}) =>
        remoteStep(`${ctx.name}-${step}`, steps, args, { ...child, ...opts });
    const network = run("network", {
        run: ["ensure-network"],
        onDelete: ["release-network"],
        values: { NETWORK: ctx.networkName },
        triggers: [where, ctx.networkName, probe.epoch],
    });
    return { steps, epoch: probe.epoch, hostName: network.stdout.apply(out => out.trim()), network, run };
}

/** The node's identity on its host: the step that lays it out, and what changes whenever it does. */
export interface InstalledIdentity {
    step: command.remote.Command;
    fingerprint: pulumi.Output<string>;
}

/**
 * The node's container, as the generation runs it, with the node's image, network, memory and
 * privileges; made again when the identity changes or the host's dirs were made again.
 */
export function startContainer(
    ctx: NodeContext,
    host: NodeHost,
    container: GenerationContainer,
    identity: InstalledIdentity,
): NodeContainer {
    const spec: ContainerSpec = {
        ...container,
        name: ctx.containerName,
        image: ctx.image,
        network: ctx.networkName,
        memory: ctx.memory,
        privileged: ctx.privileged,
        restartLabels: [
            { label: "kuscia.pulumi/identity", value: identity.fingerprint },
            { label: "kuscia.pulumi/host", value: host.epoch },
        ],
    };
    const after = [identity.step, host.network];
    return ctx.containerDriver === "docker"
        ? dockerDriverContainer(ctx.name, spec, ctx.connection, after, ctx.parent)
        : cliDriverContainer(ctx.name, spec, host.steps, after, ctx.parent);
}

/** Waits (up to the node's readyTimeoutSeconds) until the node is ready, by the generation's wait-ready step. */
export function waitReady(
    ctx: NodeContext,
    host: NodeHost,
    started: NodeContainer,
    values: StepValues,
): command.remote.Command {
    return host.run(
        "ready",
        {
            run: ["wait-ready"],
            values: { ...values, TIMEOUT_SECONDS: ctx.readyTimeoutSeconds },
            triggers: [started.id],
        },
        { dependsOn: [started.resource] },
    );
}

/** A step on the ready node: made again whenever the container is. */
export function onReadyNode(
    host: NodeHost,
    ready: command.remote.Command,
    step: string,
    args: RemoteStepArgs,
    opts: pulumi.CustomResourceOptions = {},
): command.remote.Command {
    return host.run(step, { ...args, triggers: [ready.id, ...(args.triggers ?? [])] }, { ...opts, dependsOn: [ready] });
}

/**
 * The image's demo tables (alice.csv, bob.csv, hidden by the data dir mount) copied into the data dir
 * when absent and registered as DomainData by the generation's import-demo-data step.
 */
export function importDemoData(
    ctx: NodeContext,
    host: NodeHost,
    ready: command.remote.Command,
    dataDir: pulumi.Output<string>,
): command.remote.Command {
    return onReadyNode(host, ready, "demo-data", {
        run: ["copy-demo-tables", "import-demo-data"],
        values: { CONTAINER: ctx.containerName, DOMAIN_ID: ctx.domainId, DATA_DIR: dataDir },
    });
}

/**
 * The AppImage `secretflow-image` (what the example job runs) registered for the node's SecretFlow
 * image, as the deploy scripts do after start; first loaded into the node, unless the node says not to.
 */
export function registerAppImage(
    ctx: NodeContext,
    host: NodeHost,
    ready: command.remote.Command,
    values: StepValues = {},
): command.remote.Command {
    const image = ctx.secretflowImage.apply(imageReference);
    return onReadyNode(host, ready, "app-image", {
        run: [...(ctx.loadSecretflowImage ? ["import-engine-image"] : []), "register-app-image"],
        values: {
            CONTAINER: ctx.containerName,
            ...values,
            APP_IMAGE_REPO: image.apply(r => r!.repo),
            APP_IMAGE_TAG: image.apply(r => r!.tag),
        },
    });
}

/**
 * A trust step on a node's host, after the node is ready: made again when the host or the node's
 * container changes (and when any of `triggers` does), deleted before it is made again.
 */
export function trustStep(
    name: string,
    node: { steps: StepHost; ready: Step },
    args: RemoteStepArgs,
    opts: pulumi.CustomResourceOptions,
    triggers: pulumi.Input<unknown>[] = [],
): command.remote.Command {
    return remoteStep(
        name,
        node.steps,
        {
            ...args,
            triggers: [sshTarget(node.steps.connection), node.ready.id, ...triggers],
        },
        {
            deleteBeforeReplace: true,
            ...opts,
            dependsOn: [node.ready, ...((opts.dependsOn as pulumi.Resource[] | undefined) ?? [])],
        },
    );
}

/** Where partners reach the node's gateway: its public endpoint, or hostIp:gatewayPort. */
export function gatewayEndpoint(ctx: NodeContext): pulumi.Output<string> {
    return ctx.publicEndpoint !== undefined
        ? pulumi.output(ctx.publicEndpoint.endpoint)
        : pulumi.interpolate`${ctx.hostIp}:${ctx.gatewayPort}`;
}

/** What the ready node is to the trust steps and to the example job. */
export interface ReadyNode<H> {
    ready: command.remote.Command;
    endpoint: pulumi.Output<string>;
    handshake: pulumi.Output<H>;
    /** Values every trust step on the node reads. */
    trustValues: StepValues;
    /** Values the job's steps read to reach the node's own KusciaAPI. */
    apiValues: StepValues;
    demoData?: command.remote.Command;
    appImage: command.remote.Command;
}

/** The node as the trust steps and the example job see it. */
export function nodeSides<H>(
    ctx: NodeContext,
    host: NodeHost,
    node: ReadyNode<H>,
): Pick<Deployment<H>, "trust" | "job"> {
    const { ready, endpoint, handshake } = node;
    return {
        trust: { domainId: ctx.domainId, steps: host.steps, values: node.trustValues, endpoint, handshake, ready },
        job: {
            domainId: ctx.domainId,
            steps: host.steps,
            containerName: ctx.containerName,
            apiValues: node.apiValues,
            ready,
            demoData: node.demoData,
            appImage: node.appImage,
        },
    };
}
