import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { PeerHandshake } from "./core/handshake";
import { Generation } from "./core/procedures";
import { Deployment, KusciaApiAccess } from "./core/types";
import { sha256Fingerprint } from "./core/x509";
import { defaultGeneration, generationOf, KusciaGeneration } from "./kusciaGenerations";
import { KusciaAutonomyNodeArgs, nodeContext } from "./nodeArgs";
import { pinnedCertificatePem } from "./partnerHandshake";
import { componentTypes } from "./core/typeTokens";

/**
 * One Kuscia autonomy node on one host reached over SSH, deployed as its generation's deploy script
 * deploys it (components/v03/deploy.ts, components/v11/deploy.ts): its identity, its container and a
 * readiness check.
 */
export class KusciaAutonomyNode extends pulumi.ComponentResource {
    /** The node's domain id. */
    public readonly domainId: pulumi.Output<string>;
    /** `hostIp:gatewayPort` (or the public endpoint), what partners join to. */
    public readonly endpoint: pulumi.Output<string>;
    /**
     * What the node publishes of itself (public material only), by its generation: Kuscia 0.3 its
     * `domain.csr` and `ca.crt`, 1.1 its `domain.crt` and the gateway's scheme and path. A
     * MutualAuthorization's handshake adds what it granted.
     */
    public readonly handshake: pulumi.Output<PeerHandshake>;
    /**
     * SHA-256 fingerprint (`AB:CD:...`, as `openssl x509 -noout -fingerprint -sha256` prints it) of the certificate
     * partners pin: the node's CA certificate (Kuscia 0.3) or its domain.crt (1.1). Read it to each partner out of
     * band, for its MutualAuthorization's `partnerFingerprint`.
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
    /** The node's Kuscia generation. */
    public readonly generationName: KusciaGeneration;
    /**
     * The generation's procedures, for the components built on this node.
     * @internal
     */
    public readonly generation: Generation<PeerHandshake>;
    /**
     * What the deploy procedure made: the node as trust steps and the example job see it.
     * @internal
     */
    public readonly deployment: Deployment<PeerHandshake>;

    /** The partners this node trusts in this program, with the authorization of each. */
    private readonly partners = new Map<string, string>();

    /**
     * Records that `authorization` makes this node trust `partnerDomainId`; a problem when another already does (a
     * second authorization with one partner id would point the node's route and grants at whichever ran last, and its
     * destroy would tear down the other's trust).
     * @internal
     */
    public claimPartner(partnerDomainId: string, authorization: string): string[] {
        const holder = this.partners.get(partnerDomainId);
        if (holder !== undefined) {
            return [
                `${authorization} and ${holder} both authorize '${partnerDomainId}' on node '${this.domainName}': ` +
                    "a node holds one authorization per partner domain id",
            ];
        }
        this.partners.set(partnerDomainId, authorization);
        return [];
    }

    /**
     * @param name The component's name; its children's names start with it.
     * @param args The node. Every plain argument is checked first: a bad one throws a KusciaValidationError before any
     * host is touched.
     * @param opts Resource options for the component.
     */
    constructor(name: string, args: KusciaAutonomyNodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.KusciaAutonomyNode, name, {}, opts);
        const ctx = nodeContext(name, args, this);
        this.generationName = args.generation ?? defaultGeneration;
        this.generation = generationOf(this.generationName);
        this.deployment = this.generation.node.deploy(ctx);

        this.ready = this.deployment.ready;
        this.domainName = args.domainId;
        this.domainId = pulumi.output(args.domainId);
        this.endpoint = this.deployment.trust.endpoint;
        this.handshake = this.deployment.trust.handshake;
        this.trustFingerprint = this.handshake.apply(h => sha256Fingerprint(pinnedCertificatePem(h)));
        this.containerName = ctx.containerName;
        this.certsDir = this.deployment.certsDir;
        this.dataDir = this.deployment.dataDir;
        this.api = this.deployment.api;
        this.registerOutputs({
            domainId: this.domainId,
            endpoint: this.endpoint,
            handshake: this.handshake,
            trustFingerprint: this.trustFingerprint,
            containerName: this.containerName,
            certsDir: this.certsDir,
            dataDir: this.dataDir,
            api: this.api,
        });
    }
}
