import * as pulumi from "@pulumi/pulumi";
import { ExamplePsiJob } from "./examplePsiJob";
import * as defaults from "./core/defaults";
import { isComputed } from "./core/inputChecks";
import { KusciaApiAccess } from "./core/types";
import { clusterProblems, NodeFacts, secondsProblems, throwIfProblems } from "./core/validation";
import { KusciaAutonomyNode } from "./kusciaAutonomyNode";
import { defaultGeneration } from "./kusciaGenerations";
import { MutualAuthorization } from "./mutualAuthorization";
import { KusciaAutonomyNodeArgs, nodePorts, validateNodeArgs } from "./nodeArgs";
import { componentTypes } from "./core/typeTokens";

export interface KusciaClusterArgs {
    /** The nodes, each with its own host; at least two. */
    readonly nodes: KusciaAutonomyNodeArgs[];
    /** Run the example PSI job from this domain once the mesh is verified; default none. */
    readonly exampleJobFrom?: string;
    /** Kuscia 1.1: the example job's other party; default the first other node. */
    readonly exampleJobWith?: string;
    /** The example job's name; default "psi-example". */
    readonly exampleJobId?: string;
    /** Kuscia 1.1: seconds each verify waits for the partner's answer; default 300. */
    readonly verifyTimeoutSeconds?: pulumi.Input<number>;
}

/** What the cluster-level checks can know of a node before anything runs. */
export function nodeFacts(name: string, args: KusciaAutonomyNodeArgs): NodeFacts {
    const user = typeof args.connection?.user === "string" ? args.connection.user : "?";
    const ports = nodePorts(args)
        .map(([field, port]) => ({ field, port: typeof port === "number" ? port : undefined }))
        .filter((p): p is { field: string; port: number } => p.port !== undefined);
    return {
        name,
        domainId: args.domainId,
        host: typeof args.connection?.host === "string" ? args.connection.host : `(computed host of ${name})`,
        sshPort: typeof args.connection?.port === "number" ? args.connection.port : 22,
        ports,
        containerName:
            typeof args.containerName === "string"
                ? args.containerName
                : defaults.defaultContainerName(user, args.domainId),
    };
}

/** Every problem of a cluster's arguments: each node's, and those between nodes. */
export function validateClusterArgs(name: string, args: KusciaClusterArgs): string[] {
    const problems: string[] = [];
    if (args.nodes.length < 2) {
        problems.push(`${name}.nodes must hold at least 2 nodes, got ${args.nodes.length}`);
    }
    const names = args.nodes.map((n, i) => `${name}.nodes[${i}]`);
    args.nodes.forEach((n, i) => problems.push(...validateNodeArgs(names[i], n)));
    problems.push(...clusterProblems(args.nodes.map((n, i) => nodeFacts(names[i], n))));
    const generations = [...new Set(args.nodes.map(n => n.generation ?? defaultGeneration))];
    if (generations.length > 1) {
        problems.push(`${name}.nodes run Kuscia ${generations.join(" and ")}: every pair must run the same generation`);
    }
    const ids = args.nodes.map(n => n.domainId);
    if (args.exampleJobFrom !== undefined && !ids.includes(args.exampleJobFrom)) {
        problems.push(
            `${name}.exampleJobFrom '${args.exampleJobFrom}' is not one of the nodes' domain ids (${ids.join(", ")})`,
        );
    }
    if (args.verifyTimeoutSeconds !== undefined && !isComputed(args.verifyTimeoutSeconds)) {
        problems.push(...secondsProblems(`${name}.verifyTimeoutSeconds`, args.verifyTimeoutSeconds));
    }
    if (args.exampleJobWith !== undefined && !ids.includes(args.exampleJobWith)) {
        problems.push(
            `${name}.exampleJobWith '${args.exampleJobWith}' is not one of the nodes' domain ids (${ids.join(", ")})`,
        );
    }
    return problems;
}

/** N Kuscia autonomy nodes, a verified MutualAuthorization between every pair, and optionally the example job. */
export class KusciaCluster extends pulumi.ComponentResource {
    /** The nodes, in the order of `args.nodes`; each named `<cluster>-<domainId>`. */
    public readonly nodes: KusciaAutonomyNode[];
    /** One verified MutualAuthorization per pair, named `<cluster>-<a>-<b>`. */
    public readonly authorizations: MutualAuthorization[];
    /** Each node's gateway endpoint, by domain id. */
    public readonly endpoints: pulumi.Output<Record<string, string>>;
    /** Each node's KusciaAPI endpoint and client credentials, by domain id; secret. */
    public readonly apis: pulumi.Output<Record<string, KusciaApiAccess>>;
    /** The example job's final phase (`Succeeded`), when `exampleJobFrom` is set. */
    public readonly exampleJobPhase?: pulumi.Output<string>;

    /**
     * @param name The component's name; its children's names start with it, so that two clusters fit in one stack.
     * @param args The nodes and the optional example job. Every node is checked before any is made.
     * @param opts Resource options for the component.
     */
    constructor(name: string, args: KusciaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.KusciaCluster, name, {}, opts);
        // All checks before any child exists, so a bad node touches no host at all.
        throwIfProblems(validateClusterArgs(name, args));
        const child = { parent: this };
        // Children are named after the cluster, so that two clusters in one stack do not collide.
        this.nodes = args.nodes.map(n => new KusciaAutonomyNode(`${name}-${n.domainId}`, n, child));
        this.authorizations = [];
        for (let i = 0; i < this.nodes.length; i++) {
            for (let j = i + 1; j < this.nodes.length; j++) {
                const [a, b] = [this.nodes[i], this.nodes[j]];
                this.authorizations.push(
                    new MutualAuthorization(
                        `${name}-${a.domainName}-${b.domainName}`,
                        { nodes: [a, b], verifyTimeoutSeconds: args.verifyTimeoutSeconds },
                        child,
                    ),
                );
            }
        }
        this.endpoints = pulumi.all(Object.fromEntries(this.nodes.map(n => [n.domainName, n.endpoint])));
        this.apis = pulumi.secret(pulumi.all(Object.fromEntries(this.nodes.map(n => [n.domainName, n.api]))));
        if (args.exampleJobFrom !== undefined) {
            const from = this.nodes.find(n => n.domainName === args.exampleJobFrom)!;
            const partner = from.generation.job.takesPartner
                ? this.nodes.find(n =>
                      args.exampleJobWith === undefined ? n !== from : n.domainName === args.exampleJobWith,
                  )
                : undefined;
            this.exampleJobPhase = new ExamplePsiJob(
                `${name}-example-job`,
                {
                    node: from,
                    partner,
                    jobId: args.exampleJobId ?? "psi-example",
                    after: this.authorizations,
                },
                child,
            ).phase;
        }
        this.registerOutputs({ endpoints: this.endpoints, apis: this.apis, exampleJobPhase: this.exampleJobPhase });
    }
}
