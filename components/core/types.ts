import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection } from "./connection";
import { ContainerDriver } from "./containerDrivers";
import { StepHost, StepValues } from "./remoteSteps";
import type { PublicEndpoint } from "./validation";

/**
 * A Kuscia 1.1 node's `protocol` (`kuscia init -p`; cmd/kuscia/kusciainit/init.go). Left out, KusciaAPI
 * is MTLS plus its token and the gateway HTTPS; TLS and MTLS give the same gateway. NOTLS turns TLS
 * and the token off on both. Kuscia compares it case-sensitively (`notls` would mean TLS), so only
 * these spellings.
 */
export const kusciaProtocols = ["NOTLS", "TLS", "MTLS"] as const;
export type KusciaProtocol = (typeof kusciaProtocols)[number];

/** API access to a node: KusciaAPI endpoint and client credentials (secret as a whole). */
export interface KusciaApiAccess {
    /** `https://hostIp:apiHttpPort`. */
    endpoint: string;
    /** The node's CA certificate, which signed the KusciaAPI server certificate. */
    caCertPem: string;
    /**
     * The KusciaAPI client certificate (0.3: `kusciaapi-client.crt`; 1.1: `ca.crt`, as Kuscia's 1.1
     * deployment guide uses it). Empty for a 1.1 node of identity "host" (its key is the node's own,
     * which stays on the host) and for a NOTLS node (no TLS).
     */
    clientCertPem: string;
    /**
     * Its key (0.3: `kusciaapi-client.key`, PKCS#8; 1.1: `ca.key`, the config's key); empty when the certificate is.
     */
    clientKeyPem: string;
    /** The KusciaAPI token (the certs' `token`), sent as the `token` header. */
    token: string;
}

/** A node's arguments, checked and with their defaults applied: what a generation's deploy procedure reads. */
export interface NodeContext {
    name: string;
    domainId: string;
    /** The SSH connection every step takes; it waits for every computed argument to pass its check. */
    connection: Connection;
    acceptAnyHostKey: boolean;
    containerDriver: ContainerDriver;
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
    /** Whether the SecretFlow image is loaded into the node before its AppImage is registered. */
    loadSecretflowImage: boolean;
    /** Whether the image's demo tables are registered as DomainData. */
    demoData: boolean;
    readyTimeoutSeconds: pulumi.Output<number>;
    parent: pulumi.Resource;
}

/** A node's step that came to an end; its id changes whenever it runs again. */
export type Step = pulumi.Resource & { id: pulumi.Output<string> };

/** A node as the trust steps see it, with `H` its generation's handshake. */
export interface TrustSide<H> {
    domainId: string;
    steps: StepHost;
    /** Values every trust step on this node reads. */
    values: StepValues;
    endpoint: pulumi.Output<string>;
    /** What the node publishes of itself (before any partner). */
    handshake: pulumi.Output<H>;
    ready: Step;
}

/** A node as the example job sees it. */
export interface JobParty {
    domainId: string;
    steps: StepHost;
    containerName: pulumi.Output<string>;
    /** How the node's own steps reach its KusciaAPI. */
    apiValues: StepValues;
    ready: Step;
    /** The step that registered the image's demo tables, when the node has them. */
    demoData?: pulumi.Resource;
    /** The step that registered the node's AppImage. */
    appImage: pulumi.Resource;
}

/** What a deploy procedure made of a node. */
export interface Deployment<H> {
    /** Completes when the node answers; its id changes whenever the container is (re)created. */
    ready: command.remote.Command;
    /** The node's certs dir (its secrets; removed on destroy) and data dir (kept). */
    certsDir: pulumi.Output<string>;
    dataDir: pulumi.Output<string>;
    api: pulumi.Output<KusciaApiAccess>;
    trust: TrustSide<H>;
    job: JobParty;
}

/** How far a cross-organisation authorization has come, as seen from the local side. */
export type AuthorizationStatus = "waiting-for-peer" | "granted" | "verified";

/**
 * How an authorization runs its steps: its name (their prefix), their parent, how long a verify waits for the partner.
 */
export interface AuthorizationRun {
    name: string;
    parent: pulumi.Resource;
    verifyTimeoutSeconds: pulumi.Input<number>;
}
