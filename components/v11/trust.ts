import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { CrossOrganisationSteps } from "../core/crossOrganisation";
import { PeerHandshakeV11 } from "../core/handshake";
import { trustStep } from "../core/nodeHost";
import { PairTrust, TrustProcedure } from "../core/procedures";
import { fileBundle } from "../core/remoteSteps";
import { AuthorizationRun, TrustSide } from "../core/types";
import { gatewaySchemeOf, handshakeProblemsV11, recipientProblemsV11 } from "./handshake";

/*
 * Kuscia 1.1's token trust: nodes exchange only their domain.crt (a public key). Each adds the other
 * (add_domain.sh PEER p2p) and routes to it (join_to_host.sh); a route turns Ready once the partner
 * has added the source and answered its token handshake.
 */

type Side = TrustSide<PeerHandshakeV11>;

/** The partner as a trust step needs it: what its handshake (or, in one program, its node) gives. */
interface Partner {
    domainId: string;
    /** Its gateway, HOST:PORT. */
    endpoint: pulumi.Input<string>;
    /** Its gateway's scheme: https, or http for a NOTLS node (or an HTTP proxy in front of it). */
    gatewayScheme: pulumi.Input<string>;
    /** The path prefix of a proxy in front of its gateway; "" for none. */
    gatewayPath: pulumi.Input<string>;
    domainCertPem: pulumi.Input<string>;
}

/** The values every trust step of `node` towards `peer` reads; the pair first, as previews cut long lines. */
function pairValues(node: Side, peer: Partner, withEndpoint: boolean) {
    return {
        SELF: node.domainId,
        PEER: peer.domainId,
        ...(withEndpoint
            ? { PEER_ENDPOINT: peer.endpoint, PEER_SCHEME: peer.gatewayScheme, PEER_PATH: peer.gatewayPath }
            : {}),
        ...node.values,
    };
}

/**
 * `node` adds the partner (its domain.crt, add_domain.sh PEER p2p) and routes to it (join_to_host.sh with
 * SCHEME://ENDPOINT); with `verifyTimeoutSeconds`, it then waits that long for its route to be Ready. One SSH session.
 */
function addDomainAndJoin(
    name: string,
    node: Side,
    peer: Partner,
    verifyTimeoutSeconds: pulumi.Input<number> | undefined,
    triggers: pulumi.Input<unknown>[],
    opts: pulumi.CustomResourceOptions,
): command.remote.Command {
    const verify = verifyTimeoutSeconds !== undefined;
    return trustStep(
        name,
        node,
        {
            run: ["add-domain", "join", ...(verify ? ["verify"] : [])],
            onDelete: ["unjoin", "revoke"],
            values: { ...pairValues(node, peer, true), ...(verify ? { TIMEOUT_SECONDS: verifyTimeoutSeconds } : {}) },
            deleteValues: pairValues(node, peer, false),
            stdin: fileBundle([{ name: `${peer.domainId}.domain.crt`, mode: "644", content: peer.domainCertPem }]),
        },
        opts,
        triggers,
    );
}

/** `node` waits for its route to the partner to be Ready (the partner has added it). */
function verifyRoute(
    name: string,
    node: Side,
    peer: Partner,
    verifyTimeoutSeconds: pulumi.Input<number>,
    triggers: pulumi.Input<unknown>[],
    opts: pulumi.CustomResourceOptions,
): command.remote.Command {
    return trustStep(
        name,
        node,
        {
            run: ["verify"],
            values: { ...pairValues(node, peer, true), TIMEOUT_SECONDS: verifyTimeoutSeconds },
        },
        opts,
        triggers,
    );
}

/** The partner in the same program: what its node publishes. */
function partnerOf(side: Side): Partner {
    return {
        domainId: side.domainId,
        endpoint: side.endpoint,
        gatewayScheme: side.handshake.apply(gatewaySchemeOf),
        gatewayPath: side.handshake.apply(h => h.gatewayPath ?? ""),
        domainCertPem: side.handshake.apply(h => h.domainCertPem),
    };
}

/** The partner across organisations: what its handshake says. */
function partnerFrom(peer: PeerHandshakeV11): Partner {
    return { ...peer, gatewayScheme: gatewaySchemeOf(peer), gatewayPath: peer.gatewayPath ?? "" };
}

/** The node's handshake, naming the partner it added once it did. */
function handshakeOf(
    side: Side,
    authorizes: string | undefined,
    done: pulumi.Output<string> | undefined,
): pulumi.Output<PeerHandshakeV11> {
    return pulumi
        .all([side.handshake, done])
        .apply(([own]) => ({ ...own, ...(authorizes === undefined ? {} : { authorizes }) }));
}

/**
 * Both directions in one program. Three SSH sessions: a adds and joins b; b adds and joins a, then
 * verifies b -> a (a has added b); a verifies a -> b.
 */
function pair({ name, parent, verifyTimeoutSeconds }: AuthorizationRun, a: Side, b: Side): PairTrust<PeerHandshakeV11> {
    const child = { parent };
    const aSide = addDomainAndJoin(
        `${name}-${a.domainId}-adds-and-joins-${b.domainId}`,
        a,
        partnerOf(b),
        undefined,
        [],
        child,
    );
    const bSide = addDomainAndJoin(
        `${name}-${b.domainId}-adds-joins-and-verifies-${a.domainId}`,
        b,
        partnerOf(a),
        verifyTimeoutSeconds,
        [aSide.id],
        { ...child, dependsOn: [aSide] },
    );
    const aVerifies = verifyRoute(
        `${name}-${a.domainId}-verifies-${b.domainId}`,
        a,
        partnerOf(b),
        verifyTimeoutSeconds,
        [aSide.id, bSide.id],
        { ...child, dependsOn: [bSide] },
    );
    return {
        handshakes: [handshakeOf(a, b.domainId, aSide.stdout), handshakeOf(b, a.domainId, bSide.stdout)],
        verdicts: [bSide.stdout.apply(s => s.trim()), aVerifies.stdout.apply(s => s.trim())],
    };
}

/**
 * Across organisations: the local node adds and joins the partner, then verifies once the partner's handshake
 * authorizes it.
 */
const crossOrganisation: CrossOrganisationSteps<PeerHandshakeV11> = {
    handshakeHolds: "its domain id, endpoint and domain.crt",
    grant: ({ name, parent }, local, peer) =>
        addDomainAndJoin(
            `${name}-${local.domainId}-adds-and-joins-${peer.domainId}`,
            local,
            partnerFrom(peer),
            undefined,
            [],
            { parent },
        ),
    grantedBack: peer => peer.authorizes !== undefined,
    complete: ({ name, parent, verifyTimeoutSeconds }, local, peer, grant) =>
        verifyRoute(
            `${name}-${local.domainId}-verifies-${peer.domainId}`,
            local,
            partnerFrom(peer),
            verifyTimeoutSeconds,
            [grant.id],
            { parent, dependsOn: [grant] },
        ),
    handshake: (local, peer, grant) => handshakeOf(local, peer?.domainId, grant?.stdout),
    grantedMessage: (me, p) =>
        `${me}: added ${p} and routed to it; waiting for ${p} to add ${me} ` +
        `(its handshake does not authorize ${me} yet). Run up again after ${p} has.`,
    verifiedMessage: (me, p) =>
        `${me}: added ${p}; ${me} -> ${p} verified: ${p} answered ${me}'s token handshake. ` +
        `${p} -> ${me} is verified by ${p}'s own up.`,
};

export const trustV11: TrustProcedure<PeerHandshakeV11> = {
    pinnedCertificate: { field: "domainCertPem", what: "its domain.crt" },
    pair,
    crossOrganisation,
    handshakeProblems: handshakeProblemsV11,
    recipientProblems: recipientProblemsV11,
};
