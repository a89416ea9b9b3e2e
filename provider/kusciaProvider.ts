import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { hostProbeType, probeProvider } from "../components/core/hostProbe";
import { componentTypes } from "../components/core/typeTokens";
import { ExamplePsiJob, ExamplePsiJobArgs } from "../components/examplePsiJob";
import { KusciaAutonomyNode } from "../components/kusciaAutonomyNode";
import { KusciaCluster, KusciaClusterArgs } from "../components/kusciaCluster";
import { MutualAuthorization, MutualAuthorizationArgs } from "../components/mutualAuthorization";
import { KusciaAutonomyNodeArgs } from "../components/nodeArgs";
import { settledInputs, unwrapSecrets } from "./inputs";
import { rememberNode } from "./liveNodes";
import { packageSchema } from "./schema";

// The package's version is the npm package's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const packageVersion: string = require("../../package.json").version;

/** What the schema says a component outputs, read from the component made: the schema owns the list. */
function outputsOf(resource: pulumi.ComponentResource, type: string): pulumi.Inputs {
    const declared =
        packageSchema(packageVersion).resources[type as keyof ReturnType<typeof packageSchema>["resources"]];
    const fields = Object.keys(declared.properties) as (keyof typeof resource)[];
    return Object.fromEntries(fields.map(f => [f, resource[f]]));
}

/** The resources' dependencies that a program in another language states as `dependsOn` on the job. */
function dependencies(options: pulumi.ComponentResourceOptions): pulumi.Resource[] {
    const d = options.dependsOn;
    return d === undefined ? [] : Array.isArray(d) ? (d as pulumi.Resource[]) : [d as pulumi.Resource];
}

type Construct = (
    name: string,
    args: Record<string, unknown>,
    options: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

/** Each component the package constructs, by its type token. */
const constructors: Record<string, Construct> = {
    [componentTypes.KusciaAutonomyNode]: (name, args, options) => {
        const node = new KusciaAutonomyNode(name, args as unknown as KusciaAutonomyNodeArgs, options);
        rememberNode(node);
        return node;
    },
    [componentTypes.MutualAuthorization]: (name, args, options) =>
        new MutualAuthorization(name, args as unknown as MutualAuthorizationArgs, options),
    [componentTypes.ExamplePsiJob]: (name, args, options) =>
        new ExamplePsiJob(name, { ...args, after: dependencies(options) } as unknown as ExamplePsiJobArgs, options),
    [componentTypes.KusciaCluster]: (name, args, options) =>
        new KusciaCluster(name, args as unknown as KusciaClusterArgs, options),
};

function probeOnly(urn: string): void {
    // A URN's third part is the type, after its parents' types: `parent$type`.
    if (urn.split("::")[2]?.split("$").pop() !== hostProbeType) {
        throw new Error(`unknown resource type in ${urn}`);
    }
}

/**
 * A probe's state: its inputs as the engine sent them, secrets still marked (a provider that accepts secrets keeps
 * the marks it returns: the probe's logic sees plain values), and the epoch the logic decided.
 */
function withEpoch(inputs: unknown, epoch: string): Record<string, unknown> {
    return { ...(inputs as Record<string, unknown>), epoch };
}

/**
 * The package's provider: it constructs the four components for programs in any language, and serves the
 * components' host probes (custom resources there, since a dynamic resource needs a TypeScript program).
 */
export class KusciaProvider implements provider.Provider {
    public readonly version = packageVersion;

    async getSchema(): Promise<string> {
        return JSON.stringify(packageSchema(this.version));
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        const args = await settledInputs(inputs);
        if (!Object.hasOwn(constructors, type)) throw new Error(`unknown component type ${type}`);
        const resource = constructors[type](name, args, options);
        return { urn: resource.urn, state: outputsOf(resource, type) };
    }

    async check(urn: string, _olds: unknown, news: unknown): Promise<provider.CheckResult> {
        probeOnly(urn);
        return { inputs: news };
    }

    async diff(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.DiffResult> {
        probeOnly(urn);
        return probeProvider.diff!(id, unwrapSecrets(olds) as never, unwrapSecrets(news) as never);
    }

    async create(urn: string, inputs: unknown): Promise<provider.CreateResult> {
        probeOnly(urn);
        const created = await probeProvider.create(unwrapSecrets(inputs) as never);
        return { id: created.id, outs: withEpoch(inputs, created.outs!.epoch) };
    }

    async read(id: string, urn: string, props?: unknown): Promise<provider.ReadResult> {
        probeOnly(urn);
        const found = await probeProvider.read!(id, unwrapSecrets(props) as never);
        const { epoch: _epoch, ...inputs } = props as Record<string, unknown>;
        return { id: found.id, props: withEpoch(inputs, found.props!.epoch), inputs };
    }

    async update(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
        probeOnly(urn);
        const updated = await probeProvider.update!(id, unwrapSecrets(olds) as never, unwrapSecrets(news) as never);
        return { outs: withEpoch(news, updated.outs!.epoch) };
    }

    async delete(_id: string, urn: string): Promise<void> {
        probeOnly(urn);
    }
}
