import * as pulumi from "@pulumi/pulumi";

/** A port of the container published on the host (all interfaces, as Kuscia's deploy scripts do). */
export interface PublishedPort {
    internal: number;
    external: pulumi.Input<number>;
}

/** A named docker volume (`id` names its resource) or a host directory, mounted into the container. */
export type Mount =
    | { kind: "volume"; id: string; name: pulumi.Input<string>; target: string }
    | { kind: "bind"; source: pulumi.Input<string>; target: string; readOnly?: boolean };

/** What a node's Kuscia generation decides of its container, as the generation's deploy script runs it. */
export interface GenerationContainer {
    hostname: pulumi.Input<string>;
    entrypoint: string[];
    command: pulumi.Input<string>[];
    env: pulumi.Input<string>[];
    ports: PublishedPort[];
    mounts: Mount[];
}

/**
 * A node's container; both container drivers make it from this. `restartLabels` change whenever the
 * container must be made again (a new identity, a re-made host dir): the docker driver labels the
 * container with them, the CLI driver hashes them.
 */
export interface ContainerSpec extends GenerationContainer {
    name: pulumi.Input<string>;
    image: pulumi.Input<string>;
    network: pulumi.Input<string>;
    /** Docker's size syntax (6G, 512m). */
    memory: pulumi.Input<string>;
    privileged: pulumi.Input<boolean>;
    restartLabels: { label: string; value: pulumi.Input<string> }[];
}

/** The `docker run` options, image and command of `spec`, after `docker run -d`. */
export function dockerRunArgs(spec: ContainerSpec): pulumi.Output<string[]> {
    const scalars = pulumi.all([spec.name, spec.hostname, spec.image, spec.network, spec.memory, spec.privileged]);
    const lists = pulumi.all([
        pulumi.all(spec.command),
        pulumi.all(spec.env),
        pulumi.all(spec.ports.map(p => pulumi.all([p.external, p.internal]))),
        pulumi.all(spec.mounts.map(m => pulumi.output(m.kind === "volume" ? m.name : m.source))),
        pulumi.all(spec.restartLabels.map(l => pulumi.all([l.label, l.value]))),
    ]);
    return pulumi
        .all([scalars, lists])
        .apply(([[name, hostname, image, network, memory, privileged], [command, env, ports, sources, labels]]) => [
            ...(privileged ? ["--privileged"] : []),
            "--name",
            name,
            "--hostname",
            hostname,
            "--restart",
            "always",
            "--memory",
            memory,
            "--network",
            network,
            ...labels.flatMap(([label, value]) => ["--label", `${label}=${value}`]),
            ...ports.flatMap(([external, internal]) => ["-p", `${external}:${internal}`]),
            ...env.flatMap(e => ["-e", e]),
            ...spec.mounts.flatMap((m, i) => [
                "-v",
                `${sources[i]}:${m.target}${m.kind === "bind" && m.readOnly ? ":ro" : ""}`,
            ]),
            ...(spec.entrypoint.length > 0 ? ["--entrypoint", spec.entrypoint[0]] : []),
            image,
            ...spec.entrypoint.slice(1),
            ...command,
        ]);
}
