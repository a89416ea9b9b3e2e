import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection } from "./connection";
import { GenerationContainer } from "./containerSpec";
import type { KusciaApiAccess } from "./kusciaAutonomyNode";
import type { KusciaProtocol } from "./kuscia-1.1/protocol";
import type { PeerHandshake } from "./peer";
import { RemoteStepArgs, StepHost, StepValues } from "./remoteSteps";
import type { PublicEndpoint } from "./validation";

/*
 * What differs between Kuscia generations lives in one directory per generation
 * (components/kuscia-<generation>/: its TypeScript and its step scripts), behind the interfaces below.
 * The components (node, authorization, cluster, job) are the same for every generation.
 */

/** The node arguments a generation reads, with their defaults applied. */
export interface NodeContext {
    name: string;
    domainId: string;
    connection: Connection;
    identity: "stack" | "host";
    hostIp: pulumi.Output<string>;
    /** Where partners reach the gateway when it is not hostIp:gatewayPort. */
    publicEndpoint?: PublicEndpoint;
    rootDir: pulumi.Output<string>;
    containerName: pulumi.Output<string>;
    image: pulumi.Output<string>;
    gatewayPort: pulumi.Output<number>;
    apiHttpPort: pulumi.Output<number>;
    apiGrpcPort: pulumi.Output<number>;
    /** As given (the generations that publish the gateway's internal and metrics ports have their defaults). */
    internalPort?: pulumi.Output<number>;
    metricsPort?: pulumi.Output<number>;
    memory: pulumi.Output<string>;
    /** Kuscia 1.1: the config's `protocol`; undefined leaves it out (Kuscia's default). */
    protocol?: KusciaProtocol;
    privileged: pulumi.Output<boolean>;
    networkName: pulumi.Output<string>;
    /** The SecretFlow image (REPO:TAG) the node's AppImage names. */
    secretflowImage: pulumi.Output<string>;
    parent: pulumi.Resource;
}

/** What the node knows of its host: the probe's epoch (new once a refresh found the host wiped) and the host's hostname. */
export interface HostFacts {
    epoch: pulumi.Output<string>;
    hostName: pulumi.Output<string>;
}

/** Where a node keeps its files on its host. */
export interface NodeLayout {
    /** The node's secrets (0.3: keys and certificates; 1.1: its config, with the key); removed on destroy. */
    certsDir: pulumi.Output<string>;
    /** Tables and job results; kept on destroy. */
    dataDir: pulumi.Output<string>;
    /** What probe-host checks on a refresh. */
    probeValues: StepValues;
}

/** What partners receive of a ready node (public material only, by field of the generation's handshake), and its KusciaAPI access (secret). */
export interface PublishedNode {
    publicMaterial: pulumi.Output<Record<string, string>>;
    api: pulumi.Output<KusciaApiAccess>;
}

/** A node's identity as laid out on its host. */
export interface NodeIdentity {
    /** The step that lays the identity out on the host; the container comes after it. */
    step: command.remote.Command;
    /** Changes whenever the identity changes: the container must then restart. */
    fingerprint: pulumi.Output<string>;
    /** What the node publishes, when its identity alone decides it (Kuscia 0.3). */
    published?: PublishedNode;
}

/** Runs one step of the node's bundle on its host, as a child of the node. */
export type OnHost = (step: string, args: RemoteStepArgs, opts?: pulumi.CustomResourceOptions) => command.remote.Command;

/** What a generation decides of a node. */
export interface NodeGeneration {
    /** Its step scripts (with the common ones, the node's bundle). */
    readonly scriptsDir: string;
    readonly defaultImage: string;
    readonly defaultMemory: string;
    /** The SecretFlow image the AppImage names when the program gives none: the deploy script's `SECRETFLOW_IMAGE` default. */
    readonly defaultSecretflowImage: string;
    /** The ports this generation publishes besides the gateway and KusciaAPI, by node argument, with their defaults. */
    readonly extraPorts: Partial<Record<"internalPort" | "metricsPort", number>>;
    /** The values the node's `protocol` argument may take; none when the generation has no such setting. */
    readonly protocols: readonly string[];
    /** Problems of the address partners and clients use (hostIp): what this generation's certificates and scripts take. */
    hostIpProblems(field: string, value: unknown): string[];
    /** Whether the node's public endpoint may be a URL with a scheme and path (join_to_host.sh takes one), or only HOST:PORT. */
    readonly publicEndpointUrls: boolean;
    layout(ctx: NodeContext): NodeLayout;
    identity(ctx: NodeContext, layout: NodeLayout, onHost: OnHost, host: HostFacts): NodeIdentity;
    container(ctx: NodeContext, layout: NodeLayout, host: HostFacts): GenerationContainer;
    /** The step that waits until the node is ready (values for its script). */
    ready(ctx: NodeContext, host: HostFacts, timeoutSeconds: pulumi.Output<number>): RemoteStepArgs;
    /** What partners receive of the node and how to reach its KusciaAPI, once it is ready. */
    published(ctx: NodeContext, identity: NodeIdentity, onHost: OnHost, ready: command.remote.Command): PublishedNode;
    /** The image's demo tables and their DomainData. */
    demoData(ctx: NodeContext, layout: NodeLayout): RemoteStepArgs;
    /**
     * The AppImage `secretflow-image` (what the example job runs) registered for REPO:TAG, as the
     * deploy script does after start; with `load`, the image is first loaded into the node from its host.
     */
    appImage(ctx: NodeContext, repo: pulumi.Output<string>, tag: pulumi.Output<string>, load: boolean): RemoteStepArgs;
    /** Values every trust step on this node reads. */
    trustValues(ctx: NodeContext, layout: NodeLayout): StepValues;
    /** Values the job's steps read to reach the node's own KusciaAPI. */
    apiValues(ctx: NodeContext): StepValues;
}

/** A node as the example job sees it. */
export interface JobParty {
    domainId: string;
    steps: StepHost;
    containerName: pulumi.Output<string>;
    /** How the node's own steps reach its KusciaAPI. */
    apiValues: StepValues;
    ready: pulumi.Resource & { id: pulumi.Output<string> };
    /** The step that registered the image's demo tables, when the node has them. */
    demoData?: pulumi.Resource;
    /** The step that registered the node's AppImage. */
    appImage: pulumi.Resource;
}

/** What the example PSI job asks for and what it must come after. */
export interface ExampleJobRun {
    jobId: string;
    timeoutSeconds: number;
    after: pulumi.Resource[];
}

/** What a generation decides of the example PSI job. */
export interface JobGeneration {
    /** Whether the job takes its partner (Kuscia 1.1) or has its own parties (0.3's alice and bob). */
    readonly takesPartner: boolean;
    /** Problems of its parties, before any host is touched. */
    problems(name: string, initiator: JobParty, partner: JobParty | undefined): string[];
    /** The steps that run the job from `initiator`; the returned step's stdout is the final phase. */
    run(name: string, job: ExampleJobRun, initiator: JobParty, partner: JobParty | undefined, parent: pulumi.Resource): command.remote.Command;
}

/** A node as the trust steps see it. */
export interface TrustSide {
    domainId: string;
    steps: StepHost;
    values: StepValues;
    endpoint: pulumi.Output<string>;
    publicMaterial: pulumi.Output<Record<string, string>>;
    ready: pulumi.Resource & { id: pulumi.Output<string> };
}

/** How far a cross-organisation authorization has come, as seen from the local side. */
export type AuthorizationStatus = "waiting-for-peer" | "granted" | "verified";

/** Trust in both directions, when one program runs both nodes. */
export interface PairTrust {
    /** What each node publishes, in the order of the nodes. */
    handshakes: [pulumi.Output<PeerHandshake>, pulumi.Output<PeerHandshake>];
    /** Each direction's verdict, once verified. */
    verdicts: pulumi.Output<string>[];
}

/** The local side of a cross-organisation trust. */
export interface LocalTrust {
    handshake: pulumi.Output<PeerHandshake>;
    status: AuthorizationStatus;
    /** Resolves once the local steps ran. */
    settled: pulumi.Output<string>;
    message: string;
}

/** How an authorization runs its steps: its name (their prefix), their parent, how long a verify waits for the partner. */
export interface AuthorizationRun {
    name: string;
    parent: pulumi.Resource;
    verifyTimeoutSeconds: pulumi.Input<number>;
}

/** What a generation decides of the trust between two nodes. */
export interface TrustGeneration {
    /** The handshake's certificate a partner pins by its fingerprint (the one the node's `trustFingerprint` is of), and what it is. */
    readonly pinnedCertificate: { field: string; what: string };
    pair(run: AuthorizationRun, a: TrustSide, b: TrustSide): PairTrust;
    /** The local side towards the partner `partnerDomainId`, whose handshake `peer` (when given) is checked as that partner's already. */
    local(run: AuthorizationRun, local: TrustSide, partnerDomainId: string, peer: PeerHandshake | undefined): LocalTrust;
    /** Problems of the generation's own handshake fields (the common ones are checked already). */
    handshakeProblems(origin: string, h: Record<string, unknown>): string[];
    /** Problems of a well-formed handshake as one for `localDomainId` (the domain id is checked already). */
    recipientProblems(origin: string, h: PeerHandshake, localDomainId: string): string[];
}

export interface Generation {
    readonly node: NodeGeneration;
    readonly trust: TrustGeneration;
    readonly job: JobGeneration;
}
