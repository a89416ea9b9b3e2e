import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { grant, grantJoinAndVerify, issuedCert, joinAndVerify, NodeSide, verdict } from "./authorizationSteps";
import { KusciaAutonomyNode } from "./kusciaAutonomyNode";
import { PeerHandshake, recipientProblems, uncheckedHandshakeProblems } from "./peer";
import { throwIfProblems } from "./validation";

/** One program manages both nodes: it runs both sides of the trust. */
export interface MutualAuthorizationNodesArgs {
    /** The two nodes, each on its own host (or under its own names on one host). */
    readonly nodes: readonly [KusciaAutonomyNode, KusciaAutonomyNode];
    readonly local?: never;
    readonly peer?: never;
}

/** Cross-organisation: this program runs the local side; the partner's stack runs the other and publishes its handshake. */
export interface MutualAuthorizationPeerArgs {
    /** This organisation's node. */
    readonly local: KusciaAutonomyNode;
    /** The partner's published handshake, as a plain value (see peerFromStack, peerFromFile); undefined until it publishes one. */
    readonly peer: PeerHandshake | undefined;
    readonly nodes?: never;
}

/** Either both nodes in one program, or the local node and the partner's handshake. */
export type MutualAuthorizationArgs = MutualAuthorizationNodesArgs | MutualAuthorizationPeerArgs;

/** How far a cross-organisation authorization has come, as seen from the local side. */
export type AuthorizationStatus = "waiting-for-peer" | "granted" | "verified";

export function validateAuthorizationArgs(name: string, args: MutualAuthorizationArgs): string[] {
    const problems: string[] = [];
    if ((args.nodes === undefined) === (args.local === undefined)) {
        return [`${name}: give either nodes (both nodes in this program) or local (and peer, from the partner)`];
    }
    if (args.nodes !== undefined) {
        if (args.nodes.length !== 2) {
            problems.push(`${name}.nodes must hold exactly 2 nodes, got ${args.nodes.length}`);
        } else if (args.nodes[0].domainName === args.nodes[1].domainName) {
            problems.push(`${name}.nodes are both domain '${args.nodes[0].domainName}'; a node cannot authorize itself`);
        }
        if ((args as { peer?: unknown }).peer !== undefined) {
            problems.push(`${name}.peer goes with local, not with nodes`);
        }
    }
    if (args.local !== undefined && args.peer !== undefined) {
        const own = uncheckedHandshakeProblems(`${name}.peer`, args.peer);
        problems.push(...own, ...(own.length > 0 ? [] : recipientProblems(`${name}.peer`, args.peer, args.local.domainName)));
    }
    return problems;
}

function side(node: KusciaAutonomyNode): NodeSide {
    return {
        domainId: node.domainName,
        steps: node.steps,
        containerName: node.containerName,
        certsDir: node.certsDir,
        ready: node.ready,
    };
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
    /** Every handshake this authorization published, by the publishing node's domain id: both with `nodes`, the local one otherwise. */
    public readonly handshakes: pulumi.Output<Record<string, PeerHandshake>>;
    /** "verified" once both directions (with `nodes`) or the local node's direction (cross-organisation) passed partner traffic. */
    public readonly status: pulumi.Output<AuthorizationStatus>;
    /** What is done and what the local side still waits for. */
    public readonly message: pulumi.Output<string>;

    /**
     * @param name The component's name; its steps are named `<name>-<a>-grants-<b>` and so on.
     * @param args Both nodes, or the local node and the partner's handshake. Checked before any step is made.
     * @param opts Resource options for the component.
     */
    constructor(name: string, args: MutualAuthorizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kuscia:index:MutualAuthorization", name, {}, opts);
        throwIfProblems(validateAuthorizationArgs(name, args));
        const child = { parent: this };

        if (args.nodes !== undefined) {
            // Three SSH sessions for the pair: a grants b; b grants a, joins a and verifies b -> a;
            // a joins b and verifies a -> b.
            const [a, b] = args.nodes;
            const aId = a.domainName;
            const bId = b.domainName;
            const aGrantsB = grant(`${name}-${aId}-grants-${bId}`, side(a), bId, b.csrPem, child);
            const bSide = grantJoinAndVerify(`${name}-${bId}-grants-and-joins-${aId}`, side(b), aId, a.csrPem, a.endpoint,
                issuedCert(aGrantsB.stdout), a.caCertPem, child);
            const aJoins = joinAndVerify(`${name}-${aId}-joins-${bId}`, side(a), bId, b.endpoint, issuedCert(bSide.stdout), b.caCertPem, child);
            const checks = [verdict(bSide.stdout), verdict(aJoins.stdout)];
            this.handshake = handshakeOf(a, bId, issuedCert(aGrantsB.stdout));
            const bHandshake = handshakeOf(b, aId, issuedCert(bSide.stdout));
            this.handshakes = pulumi.all([this.handshake, bHandshake]).apply(([ha, hb]) => ({ [aId]: ha, [bId]: hb }));
            this.status = pulumi.all(checks).apply(() => "verified" as AuthorizationStatus);
            this.message = pulumi.all(checks).apply(lines => lines.join("; "));
        } else {
            const local = args.local!;
            const peer = args.peer;
            const me = local.domainName;
            let issued: command.remote.Command | undefined;
            let checked: command.remote.Command | undefined;
            if (peer !== undefined) {
                issued = grant(`${name}-${me}-grants-${peer.domainId}`, side(local), peer.domainId, peer.csrPem, child);
            }
            if (peer?.issuedCertPem !== undefined) {
                checked = joinAndVerify(`${name}-${me}-joins-${peer.domainId}`, side(local), peer.domainId, peer.endpoint,
                    peer.issuedCertPem, peer.caCertPem, child);
            }
            this.handshake = handshakeOf(local, peer?.domainId, issued === undefined ? undefined : issuedCert(issued.stdout));
            this.handshakes = this.handshake.apply(h => ({ [me]: h }));
            const status: AuthorizationStatus = peer === undefined ? "waiting-for-peer"
                : checked === undefined ? "granted" : "verified";
            this.status = pulumi.output((checked ?? issued)?.stdout ?? "").apply(() => status);
            this.message = pulumi.output(crossOrgMessage(me, peer, status));
            if (status !== "verified") {
                pulumi.log.info(crossOrgMessage(me, peer, status), this);
            }
        }
        this.registerOutputs({ handshake: this.handshake, handshakes: this.handshakes, status: this.status, message: this.message });
    }
}

function handshakeOf(node: KusciaAutonomyNode, issuedTo: string | undefined,
    issuedCertPem: pulumi.Output<string> | undefined): pulumi.Output<PeerHandshake> {
    return pulumi.all([node.endpoint, node.csrPem, node.caCertPem, issuedCertPem]).apply(([endpoint, csrPem, caCertPem, cert]) => {
        const h: PeerHandshake = { domainId: node.domainName, endpoint, csrPem, caCertPem };
        if (issuedTo !== undefined && cert !== undefined) {
            h.issuedTo = issuedTo;
            h.issuedCertPem = cert;
        }
        return h;
    });
}

export function crossOrgMessage(me: string, peer: PeerHandshake | undefined, status: AuthorizationStatus): string {
    switch (status) {
    case "waiting-for-peer":
        return `${me}: waiting for the partner's handshake (its domain id, endpoint, CSR and CA). Publish this stack's handshake to the partner and run up again once it has run up.`;
    case "granted":
        return `${me}: granted ${peer!.domainId} and issued its certificate; waiting for ${peer!.domainId} to grant ${me} (its handshake has no certificate for ${me} yet). Run up again after ${peer!.domainId} has.`;
    default:
        return `${me}: granted ${peer!.domainId}; ${me} -> ${peer!.domainId} verified: partner traffic passes both gateways. ${peer!.domainId} -> ${me} is verified by ${peer!.domainId}'s own up.`;
    }
}
