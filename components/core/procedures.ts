import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { CrossOrganisationSteps } from "./crossOrganisation";
import { AuthorizationRun, Deployment, JobParty, NodeContext, TrustSide } from "./types";

/*
 * What a Kuscia generation is to the components: its procedures, built on this core. Each generation
 * lives in one folder (components/v03, components/v11: its TypeScript and its step scripts).
 */

/** How a generation deploys a node, and what it takes for one. */
export interface NodeProcedure<H> {
    /** Its step scripts (with the core's, the bundle a node's host holds). */
    readonly scriptsDir: string;
    readonly defaultImage: string;
    readonly defaultMemory: string;
    /**
     * The SecretFlow image the AppImage names when the program gives none: the deploy script's `SECRETFLOW_IMAGE`
     * default.
     */
    readonly defaultSecretflowImage: string;
    /** The ports this generation publishes besides the gateway and KusciaAPI, by node argument, with their defaults. */
    readonly extraPorts: Partial<Record<"internalPort" | "metricsPort", number>>;
    /** The values the node's `protocol` argument may take; none when the generation has no such setting. */
    readonly protocols: readonly string[];
    /**
     * Whether the node's public endpoint may be a URL with a scheme and path (join_to_host.sh takes one), or only
     * HOST:PORT.
     */
    readonly publicEndpointUrls: boolean;
    /**
     * Problems of the address partners and clients use (hostIp): what this generation's certificates and scripts take.
     */
    hostIpProblems(field: string, value: unknown): string[];
    /** The node, deployed step by step as the generation's deploy script does it. */
    deploy(ctx: NodeContext): Deployment<H>;
}

/** Trust in both directions, when one program runs both nodes. */
export interface PairTrust<H> {
    /** What each node publishes, in the order of the nodes. */
    handshakes: [pulumi.Output<H>, pulumi.Output<H>];
    /** Each direction's verdict, once verified. */
    verdicts: pulumi.Output<string>[];
}

/** How a generation makes two nodes trust each other. */
export interface TrustProcedure<H> {
    /**
     * The handshake's certificate a partner pins by its fingerprint (the node's `trustFingerprint` is of it), and what
     * it is.
     */
    readonly pinnedCertificate: { field: keyof H & string; what: string };
    /** Both directions, when one program runs both nodes. */
    pair(run: AuthorizationRun, a: TrustSide<H>, b: TrustSide<H>): PairTrust<H>;
    /**
     * The local side's steps across organisations, which core/crossOrganisation.ts runs as far as the partner's
     * handshake allows.
     */
    readonly crossOrganisation: CrossOrganisationSteps<H>;
    /** Problems of the generation's own handshake fields (the common ones are checked already). */
    handshakeProblems(origin: string, h: Record<string, unknown>): string[];
    /** Problems of a well-formed handshake as one for `localDomainId` (the domain id is checked already). */
    recipientProblems(origin: string, h: H, localDomainId: string): string[];
}

/** What the example PSI job asks for and what it must come after. */
export interface ExampleJobRun {
    jobId: string;
    timeoutSeconds: number;
    after: pulumi.Resource[];
}

/** How a generation runs the example PSI job. */
export interface JobProcedure {
    /** Whether the job takes its partner (Kuscia 1.1) or has its own parties (0.3's alice and bob). */
    readonly takesPartner: boolean;
    /** Problems of its parties, before any host is touched. */
    problems(name: string, initiator: JobParty, partner: JobParty | undefined): string[];
    /** The steps that run the job from `initiator`; the returned step's stdout is the final phase. */
    run(
        name: string,
        job: ExampleJobRun,
        initiator: JobParty,
        partner: JobParty | undefined,
        parent: pulumi.Resource,
    ): command.remote.Command;
}

/** A Kuscia generation, with `H` the handshake its nodes publish. */
export interface Generation<H> {
    readonly node: NodeProcedure<H>;
    readonly trust: TrustProcedure<H>;
    readonly job: JobProcedure;
}
