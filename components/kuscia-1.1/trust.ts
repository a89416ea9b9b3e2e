import * as pulumi from "@pulumi/pulumi";
import { AuthorizationRun, AuthorizationStatus, LocalTrust, PairTrust, TrustGeneration, TrustSide } from "../generation";
import type { PeerHandshake } from "../peer";
import { domainIdProblems, gatewayPathProblems } from "../validation";
import { certificate, commonNameOf } from "../x509";
import type { PeerHandshake11 } from "./handshake";
import { addAndJoin, Partner11, verifyRoute } from "./trustSteps";

/*
 * Kuscia 1.1's token trust: nodes exchange only their domain.crt (a public key). Each adds the other
 * (add_domain.sh PEER p2p) and routes to it (join_to_host.sh); a route turns Ready once the partner
 * has added the source and answered its token handshake.
 */

function isPemCertificate(value: unknown): boolean {
    return typeof value === "string"
        && /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/.test(value);
}

/** A handshake without `gatewayScheme` (published before NOTLS nodes existed) is from an HTTPS gateway. */
const schemeOf = (h: { gatewayScheme?: string }) => (h.gatewayScheme ?? "https") as "https" | "http";

function handshakeOf(side: TrustSide, authorizes: string | undefined, done: pulumi.Output<string> | undefined): pulumi.Output<PeerHandshake11> {
    return pulumi.all([side.endpoint, side.publicMaterial, done]).apply(([endpoint, material]) => ({
        generation: "1.1" as const, domainId: side.domainId, endpoint, gatewayScheme: schemeOf(material),
        ...(material.gatewayPath ? { gatewayPath: material.gatewayPath } : {}), domainCertPem: material.domainCertPem,
        ...(authorizes === undefined ? {} : { authorizes }),
    }));
}

/** The partner in the same program: what its node publishes. */
function partnerOf(side: TrustSide): Partner11 {
    return {
        domainId: side.domainId, endpoint: side.endpoint,
        gatewayScheme: side.publicMaterial.apply(schemeOf), gatewayPath: side.publicMaterial.apply(m => m.gatewayPath ?? ""),
        domainCertPem: side.publicMaterial.apply(m => m.domainCertPem),
    };
}

function crossOrgMessage(me: string, partner: string, peer: PeerHandshake11 | undefined, status: AuthorizationStatus): string {
    switch (status) {
    case "waiting-for-peer":
        return `${me}: waiting for ${partner}'s handshake (its domain id, endpoint and domain.crt). Publish this stack's handshake to ${partner} and run up again once it has run up.`;
    case "granted":
        return `${me}: added ${peer!.domainId} and routed to it; waiting for ${peer!.domainId} to add ${me} (its handshake does not authorize ${me} yet). Run up again after ${peer!.domainId} has.`;
    default:
        return `${me}: added ${peer!.domainId}; ${me} -> ${peer!.domainId} verified: ${peer!.domainId} answered ${me}'s token handshake. ${peer!.domainId} -> ${me} is verified by ${peer!.domainId}'s own up.`;
    }
}

export const trust11: TrustGeneration = {
    pinnedCertificate: { field: "domainCertPem", what: "its domain.crt" },

    pair({ name, parent, verifyTimeoutSeconds }: AuthorizationRun, a: TrustSide, b: TrustSide): PairTrust {
        // Three SSH sessions for the pair: a adds and joins b; b adds and joins a, then verifies
        // b -> a (a has added b); a verifies a -> b.
        const child = { parent };
        const aSide = addAndJoin(`${name}-${a.domainId}-adds-and-joins-${b.domainId}`, a, partnerOf(b), undefined, [], child);
        const bSide = addAndJoin(`${name}-${b.domainId}-adds-joins-and-verifies-${a.domainId}`, b, partnerOf(a), verifyTimeoutSeconds,
            [aSide.id], { ...child, dependsOn: [aSide] });
        const aVerifies = verifyRoute(`${name}-${a.domainId}-verifies-${b.domainId}`, a, partnerOf(b), verifyTimeoutSeconds, [aSide.id, bSide.id],
            { ...child, dependsOn: [bSide] });
        return {
            handshakes: [handshakeOf(a, b.domainId, aSide.stdout), handshakeOf(b, a.domainId, bSide.stdout)],
            verdicts: [bSide.stdout.apply(s => s.trim()), aVerifies.stdout.apply(s => s.trim())],
        };
    },

    local({ name, parent, verifyTimeoutSeconds }: AuthorizationRun, local: TrustSide, partnerDomainId: string, handshake: PeerHandshake | undefined): LocalTrust {
        const child = { parent };
        // The authorization refused a handshake of another generation.
        const peer = handshake as PeerHandshake11 | undefined;
        const me = local.domainId;
        const partner = peer === undefined ? undefined : { ...peer, gatewayScheme: schemeOf(peer), gatewayPath: peer.gatewayPath ?? "" };
        const added = partner === undefined ? undefined
            : addAndJoin(`${name}-${me}-adds-and-joins-${partner.domainId}`, local, partner, undefined, [], child);
        const checked = peer?.authorizes === undefined ? undefined
            : verifyRoute(`${name}-${me}-verifies-${partner!.domainId}`, local, partner!, verifyTimeoutSeconds, [added!.id], { ...child, dependsOn: [added!] });
        const status: AuthorizationStatus = peer === undefined ? "waiting-for-peer" : checked === undefined ? "granted" : "verified";
        return {
            handshake: handshakeOf(local, peer?.domainId, added?.stdout),
            status,
            settled: pulumi.output((checked ?? added)?.stdout ?? ""),
            message: crossOrgMessage(me, partnerDomainId, peer, status),
        };
    },

    handshakeProblems(origin: string, o: Record<string, unknown>): string[] {
        const problems: string[] = [];
        if (!isPemCertificate(o.domainCertPem)) {
            problems.push(`${origin}.domainCertPem must be one PEM block of CERTIFICATE`);
        } else {
            const cert = certificate(o.domainCertPem as string);
            const cn = cert === undefined ? undefined : commonNameOf(cert.subject);
            if (cert === undefined) {
                problems.push(`${origin}.domainCertPem is not an X.509 certificate`);
            } else if (cn !== o.domainId && domainIdProblems("", o.domainId).length === 0) {
                problems.push(`${origin}.domainCertPem names CN=${cn ?? "(none)"}, not the handshake's domainId '${o.domainId}'`);
            }
        }
        if (o.gatewayScheme !== undefined && o.gatewayScheme !== "https" && o.gatewayScheme !== "http") {
            problems.push(`${origin}.gatewayScheme must be https or http (a NOTLS node's), got ${JSON.stringify(o.gatewayScheme)}`);
        }
        if (o.gatewayPath !== undefined) {
            problems.push(...gatewayPathProblems(`${origin}.gatewayPath`, o.gatewayPath));
        }
        if (o.authorizes !== undefined && (typeof o.authorizes !== "string" || domainIdProblems("", o.authorizes).length > 0)) {
            problems.push(`${origin}.authorizes must be a domain id`);
        }
        for (const field of ["csrPem", "caCertPem", "issuedTo", "issuedCertPem"]) {
            if (o[field] !== undefined) {
                problems.push(`${origin}.${field} is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only`);
            }
        }
        return problems;
    },

    recipientProblems(origin: string, h: PeerHandshake, localDomainId: string): string[] {
        const h11 = h as PeerHandshake11;
        return h11.authorizes !== undefined && h11.authorizes !== localDomainId
            ? [`${origin}.authorizes '${h11.authorizes}', not '${localDomainId}': it is another partner's handshake`] : [];
    },
};
