import * as pulumi from "@pulumi/pulumi";
import { crossOrganisationTrust } from "./core/crossOrganisation";
import { defaultVerifyTimeoutSeconds } from "./core/defaults";
import { PeerHandshake } from "./core/handshake";
import { isComputed } from "./core/inputChecks";
import { AuthorizationStatus } from "./core/types";
import { domainIdProblems, secondsProblems, throwIfProblems } from "./core/validation";
import { KusciaAutonomyNode } from "./kusciaAutonomyNode";
import { fingerprintProblems, handshakeProblems, partnerProblems } from "./partnerHandshake";
import { componentTypes } from "./core/typeTokens";

/** One program manages both nodes: it runs both sides of the trust. */
export interface MutualAuthorizationNodesArgs {
    /** The two nodes, each on its own host (or under its own names on one host). */
    readonly nodes: readonly [KusciaAutonomyNode, KusciaAutonomyNode];
    readonly local?: never;
    readonly peer?: never;
    readonly partnerDomainId?: never;
    readonly partnerFingerprint?: never;
    /** Kuscia 1.1: seconds a verify waits for the partner's answer (its route Ready); default 300. */
    readonly verifyTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * Cross-organisation: this program runs the local side; the partner's stack runs the other and publishes its handshake.
 */
export interface MutualAuthorizationPeerArgs {
    /** This organisation's node. */
    readonly local: KusciaAutonomyNode;
    /** The partner's domain id, as agreed with the partner (plain): a handshake that claims another id is refused. */
    readonly partnerDomainId: string;
    /**
     * SHA-256 fingerprint of the partner's CA certificate (Kuscia 0.3) or domain.crt (1.1), read to you by the partner
     * out of band (its node's `trustFingerprint`): a handshake whose certificate does not match is refused. Optional,
     * and recommended whenever the handshake travels through a channel the partner does not control.
     */
    readonly partnerFingerprint?: string;
    /**
     * The partner's published handshake, as a plain value (see peerFromStack, peerFromFile); undefined until it
     * publishes one.
     */
    readonly peer: PeerHandshake | undefined;
    readonly nodes?: never;
    /** Kuscia 1.1: seconds a verify waits for the partner's answer (its route Ready); default 300. */
    readonly verifyTimeoutSeconds?: pulumi.Input<number>;
}

/** Either both nodes in one program, or the local node and the partner's handshake. */
export type MutualAuthorizationArgs = MutualAuthorizationNodesArgs | MutualAuthorizationPeerArgs;

export function validateAuthorizationArgs(name: string, args: MutualAuthorizationArgs): string[] {
    const problems: string[] = [];
    if (typeof args.verifyTimeoutSeconds !== "undefined" && !isComputed(args.verifyTimeoutSeconds)) {
        problems.push(...secondsProblems(`${name}.verifyTimeoutSeconds`, args.verifyTimeoutSeconds));
    }
    if ((args.nodes === undefined) === (args.local === undefined)) {
        return [
            `${name}: give either nodes (both nodes in this program) or local (with partnerDomainId and peer, from the partner)`,
        ];
    }
    if (args.nodes !== undefined) {
        if (args.nodes.length !== 2) {
            problems.push(`${name}.nodes must hold exactly 2 nodes, got ${args.nodes.length}`);
        } else if (args.nodes[0].domainName === args.nodes[1].domainName) {
            problems.push(
                `${name}.nodes are both domain '${args.nodes[0].domainName}'; a node cannot authorize itself`,
            );
        } else if (args.nodes[0].generationName !== args.nodes[1].generationName) {
            const [a, b] = args.nodes;
            problems.push(
                `${name}.nodes: '${a.domainName}' runs Kuscia ${a.generationName} and '${b.domainName}' Kuscia ${b.generationName}; ` +
                    "both partners must run the same generation",
            );
        }
        for (const field of ["peer", "partnerDomainId", "partnerFingerprint"] as const) {
            if ((args as unknown as Record<string, unknown>)[field] !== undefined) {
                problems.push(`${name}.${field} goes with local, not with nodes`);
            }
        }
        return problems;
    }
    const local = args.local!;
    problems.push(...domainIdProblems(`${name}.partnerDomainId`, args.partnerDomainId));
    problems.push(...fingerprintProblems(`${name}.partnerFingerprint`, args.partnerFingerprint));
    if (problems.length === 0 && args.partnerDomainId === local.domainName) {
        problems.push(`${name}.partnerDomainId '${args.partnerDomainId}' is the local node's own domain id`);
    }
    if (problems.length === 0 && args.peer !== undefined) {
        const own = handshakeProblems(`${name}.peer`, args.peer);
        problems.push(
            ...own,
            ...(own.length > 0
                ? []
                : partnerProblems(
                      `${name}.peer`,
                      args.peer,
                      {
                          localDomainId: local.domainName,
                          partnerDomainId: args.partnerDomainId,
                          partnerFingerprint: args.partnerFingerprint,
                      },
                      local.generationName,
                  )),
        );
    }
    return problems;
}

/**
 * MTLS trust in both directions between two Kuscia nodes, each direction verified by partner traffic
 * through both gateways (the host's TLS and token auth).
 * With `nodes`, one program runs both sides. With `local` and `peer`, each organisation runs its own
 * side and publishes `handshake` for the other; repeated ups on both sides converge.
 */
export class MutualAuthorization extends pulumi.ComponentResource {
    /**
     * What this side publishes for its partner (public material only): domain id, endpoint, CSR, CA
     * certificate and, once granted, the certificate issued to the partner. Cross-organisation: the
     * local node's, to hand to the partner. With `nodes`: the first node's, for the second.
     */
    public readonly handshake: pulumi.Output<PeerHandshake>;
    /**
     * Every handshake this authorization published, by the publishing node's domain id: both with `nodes`, the local
     * one otherwise.
     */
    public readonly handshakes: pulumi.Output<Record<string, PeerHandshake>>;
    /**
     * "verified" once both directions (with `nodes`) or the local node's direction (cross-organisation) passed partner
     * traffic.
     */
    public readonly status: pulumi.Output<AuthorizationStatus>;
    /** What is done and what the local side still waits for. */
    public readonly message: pulumi.Output<string>;

    /**
     * @param name The component's name; its steps are named `<name>-<a>-grants-<b>` and so on.
     * @param args Both nodes, or the local node and the partner's handshake. Checked before any step is made.
     * @param opts Resource options for the component.
     */
    constructor(name: string, args: MutualAuthorizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.MutualAuthorization, name, {}, opts);
        throwIfProblems(validateAuthorizationArgs(name, args));
        throwIfProblems(
            args.nodes !== undefined
                ? [
                      ...args.nodes[0].claimPartner(args.nodes[1].domainName, name),
                      ...args.nodes[1].claimPartner(args.nodes[0].domainName, name),
                  ]
                : args.local!.claimPartner(args.partnerDomainId, name),
        );

        const run = {
            name,
            parent: this,
            verifyTimeoutSeconds: args.verifyTimeoutSeconds ?? defaultVerifyTimeoutSeconds,
        };
        if (args.nodes !== undefined) {
            const [a, b] = args.nodes;
            const pair = a.generation.trust.pair(run, a.deployment.trust, b.deployment.trust);
            this.handshake = pair.handshakes[0];
            this.handshakes = pulumi
                .all(pair.handshakes)
                .apply(([ha, hb]) => ({ [a.domainName]: ha, [b.domainName]: hb }));
            this.status = pulumi.all(pair.verdicts).apply(() => "verified" as AuthorizationStatus);
            this.message = pulumi.all(pair.verdicts).apply(lines => lines.join("; "));
        } else {
            const local = args.local!;
            // The partner's handshake was checked above as one of the local node's generation.
            const trust = crossOrganisationTrust(
                run,
                local.deployment.trust,
                args.partnerDomainId,
                args.peer,
                local.generation.trust.crossOrganisation,
            );
            this.handshake = trust.handshake;
            this.handshakes = this.handshake.apply(h => ({ [local.domainName]: h }));
            this.status = trust.settled.apply(() => trust.status);
            this.message = pulumi.output(trust.message);
            if (trust.status !== "verified") {
                pulumi.log.info(trust.message, this);
            }
        }
        this.registerOutputs({
            handshake: this.handshake,
            handshakes: this.handshakes,
            status: this.status,
            message: this.message,
        });
    }
}
