import * as pulumi from "@pulumi/pulumi";
import * as docker from "@pulumi/docker";
import { Connection, dockerSsh, sshTarget } from "./connection";
import { ContainerSpec, dockerRunArgs } from "./containerSpec";
import * as defaults from "./defaults";
import { fingerprintOf } from "./fingerprint";
import { hostProbe } from "./hostProbe";
import { probeCommand, remoteStep, StepHost } from "./remoteSteps";

/**
 * "docker": @pulumi/docker over ssh:// (default). "cli": the docker CLI over the SSH connection (works through a
 * proxy).
 */
export type ContainerDriver = "docker" | "cli";

/** The node's container once made; `id` changes whenever the container is (re)created. */
export interface NodeContainer {
    id: pulumi.Output<string>;
    resource: pulumi.Resource;
}

/** The container as @pulumi/docker resources, through the provider's ssh:// transport. */
export function dockerDriverContainer(
    name: string,
    spec: ContainerSpec,
    conn: Connection,
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
): NodeContainer {
    const ssh = dockerSsh(`${name}-docker-ssh-files`, conn, { parent });
    const provider = new docker.Provider(
        `${name}-docker`,
        { host: ssh.host, sshOpts: ssh.sshOpts },
        { parent, dependsOn: [ssh.keyFiles] },
    );
    const onDocker = { parent, provider };
    const volumes = new Map(
        spec.mounts
            .filter(m => m.kind === "volume")
            .map(m => [m.id, new docker.Volume(`${name}-${m.id}`, { name: m.name }, onDocker)]),
    );
    const image = new docker.RemoteImage(`${name}-image`, { name: spec.image, keepLocally: true }, onDocker);
    const memory = pulumi.output(spec.memory);
    const container = new docker.Container(
        `${name}-container`,
        {
            name: spec.name,
            hostname: spec.hostname,
            image: image.imageId,
            restart: "always",
            memory: memory.apply(defaults.memoryMiB),
            // What docker derives from -m alone (the deploy scripts set no swap); explicit, so that a read-back plans
            // no change.
            memorySwap: memory.apply(m => 2 * defaults.memoryMiB(m)),
            privileged: spec.privileged,
            entrypoints: spec.entrypoint,
            command: spec.command,
            envs: spec.env,
            ports: spec.ports.map(p => ({ internal: p.internal, external: p.external })),
            volumes: spec.mounts.map(m =>
                m.kind === "volume"
                    ? { volumeName: volumes.get(m.id)!.name, containerPath: m.target }
                    : { hostPath: m.source, containerPath: m.target, readOnly: m.readOnly },
            ),
            networksAdvanced: [{ name: spec.network }],
            labels: spec.restartLabels,
            mustRun: true,
        },
        { ...onDocker, dependsOn },
    );
    return { id: container.id, resource: container };
}

/**
 * The container made with the docker CLI over the node's SSH connection: `docker run` with the
 * spec's arguments, labelled with their hash. A refresh probes that the container runs with it.
 */
export function cliDriverContainer(
    name: string,
    spec: ContainerSpec,
    host: StepHost,
    dependsOn: pulumi.Resource[],
    parent: pulumi.Resource,
): NodeContainer {
    const args = dockerRunArgs(spec);
    const configHash = args.apply(a => fingerprintOf(a));
    const containerProbe = hostProbe(
        `${name}-container-probe`,
        {
            connection: host.connection,
            acceptAnyHostKey: host.acceptAnyHostKey,
            check: probeCommand(host.scripts, host.bundlePath, "probe-container", {
                CONTAINER: spec.name,
                CONFIG_HASH: configHash,
            }),
        },
        { parent },
    );
    const volumes = pulumi
        .all(spec.mounts.filter(m => m.kind === "volume").map(m => (m as { name: pulumi.Input<string> }).name))
        .apply(names => names.join(" "));
    const container = remoteStep(
        `${name}-container`,
        host,
        {
            run: ["run-container"],
            values: { CONTAINER: spec.name, IMAGE: spec.image, CONFIG_HASH: configHash },
            args,
            onDelete: ["remove-container"],
            deleteValues: { CONTAINER: spec.name, VOLUMES: volumes },
            triggers: [sshTarget(host.connection), spec.name, containerProbe.epoch],
        },
        { parent, dependsOn, deleteBeforeReplace: true },
    );
    return { id: pulumi.all([configHash, containerProbe.epoch]).apply(fingerprintOf), resource: container };
}
