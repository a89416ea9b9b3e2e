import * as pulumi from "@pulumi/pulumi";
import type { PeerHandshake } from "../peer";
import type { PeerHandshake03 } from "./handshake";
import { AuthorizationStatus, LocalTrust, PairTrust, TrustGeneration, TrustSide } from "../generation";
import { domainIdProblems } from "../validation";
import { grant, grantJoinAndVerify, issuedCert, joinAndVerify, verdict } from "./trustSteps";

/*
 * Kuscia 0.3's MTLS trust: each node signs its partner's CSR (add_domain.sh) and hands back the
 * certificate; the partner joins with it (join_to_host.sh). A handshake carries the publisher's CSR
 * and CA certificate and, once it granted the partner, the certificate it issued (`issuedTo`).
 */

/** One PEM block of the given label: base64 lines between its lines; nothing else (no text a shell or sed could read as code). */
function isPemBlock(value: unknown, label: string): boolean {
    return typeof value === "string"
        && new RegExp(`^-----BEGIN ${label}-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END ${label}-----\\s*$`).test(value);
}

const pemFields: [string, string][] = [["csrPem", "CERTIFICATE REQUEST"], ["caCertPem", "CERTIFICATE"], ["issuedCertPem", "CERTIFICATE"]];

function handshakeOf(side: TrustSide, issuedTo: string | undefined, issuedCertPem: pulumi.Output<string> | undefined): pulumi.Output<PeerHandshake> {
    return pulumi.all([side.endpoint, side.publicMaterial, issuedCertPem]).apply(([endpoint, material, cert]) => {
        const h: PeerHandshake03 = { generation: "0.3", domainId: side.domainId, endpoint, csrPem: material.csrPem, caCertPem: material.caCertPem };
        if (issuedTo !== undefined && cert !== undefined) {
            h.issuedTo = issuedTo;
            h.issuedCertPem = cert;
        }
        return h;
    });
}

function crossOrgMessage(me: string, peer: PeerHandshake03 | undefined, status: AuthorizationStatus): string {
    switch (status) {
    case "waiting-for-peer":
        return `${me}: waiting for the partner's handshake (its domain id, endpoint, CSR and CA). Publish this stack's handshake to the partner and run up again once it has run up.`;
    case "granted":
        return `${me}: granted ${peer!.domainId} and issued its certificate; waiting for ${peer!.domainId} to grant ${me} (its handshake has no certificate for ${me} yet). Run up again after ${peer!.domainId} has.`;
    default:
        return `${me}: granted ${peer!.domainId}; ${me} -> ${peer!.domainId} verified: partner traffic passes both gateways. ${peer!.domainId} -> ${me} is verified by ${peer!.domainId}'s own up.`;
    }
}

export const trust03: TrustGeneration = {
    pair(name: string, a: TrustSide, b: TrustSide, parent: pulumi.Resource): PairTrust {
        // Three SSH sessions for the pair: a grants b; b grants a, joins a and verifies b -> a;
        // a joins b and verifies a -> b.
        const child = { parent };
        const material = (s: TrustSide, field: string) => s.publicMaterial.apply(m => m[field]);
        const aGrantsB = grant(`${name}-${a.domainId}-grants-${b.domainId}`, a, b.domainId, material(b, "csrPem"), child);
        const bSide = grantJoinAndVerify(`${name}-${b.domainId}-grants-and-joins-${a.domainId}`, b, a.domainId, material(a, "csrPem"), a.endpoint,
            issuedCert(aGrantsB.stdout), material(a, "caCertPem"), child);
        const aJoins = joinAndVerify(`${name}-${a.domainId}-joins-${b.domainId}`, a, b.domainId, b.endpoint, issuedCert(bSide.stdout),
            material(b, "caCertPem"), child);
        return {
            handshakes: [handshakeOf(a, b.domainId, issuedCert(aGrantsB.stdout)), handshakeOf(b, a.domainId, issuedCert(bSide.stdout))],
            verdicts: [verdict(bSide.stdout), verdict(aJoins.stdout)],
        };
    },

    local(name: string, local: TrustSide, handshake: PeerHandshake | undefined, parent: pulumi.Resource): LocalTrust {
        const child = { parent };
        // The authorization refused a handshake of another generation.
        const peer = handshake as PeerHandshake03 | undefined;
        const me = local.domainId;
        const issued = peer === undefined ? undefined
            : grant(`${name}-${me}-grants-${peer.domainId}`, local, peer.domainId, peer.csrPem!, child);
        const checked = peer?.issuedCertPem === undefined ? undefined
            : joinAndVerify(`${name}-${me}-joins-${peer.domainId}`, local, peer.domainId, peer.endpoint, peer.issuedCertPem, peer.caCertPem!, child);
        const status: AuthorizationStatus = peer === undefined ? "waiting-for-peer" : checked === undefined ? "granted" : "verified";
        return {
            handshake: handshakeOf(local, peer?.domainId, issued === undefined ? undefined : issuedCert(issued.stdout)),
            status,
            settled: pulumi.output((checked ?? issued)?.stdout ?? ""),
            message: crossOrgMessage(me, peer, status),
        };
    },

    handshakeProblems(origin: string, o: Record<string, unknown>): string[] {
        const problems: string[] = [];
        for (const [field, label] of pemFields) {
            if ((field !== "issuedCertPem" || o[field] !== undefined) && !isPemBlock(o[field], label)) {
                problems.push(`${origin}.${field} must be one PEM block of ${label}`);
            }
        }
        if ((o.issuedTo === undefined) !== (o.issuedCertPem === undefined)) {
            problems.push(`${origin}: issuedTo and issuedCertPem go together`);
        } else if (o.issuedTo !== undefined && (typeof o.issuedTo !== "string" || domainIdProblems("", o.issuedTo).length > 0)) {
            problems.push(`${origin}.issuedTo must be a domain id`);
        }
        return problems;
    },

    recipientProblems(origin: string, h: PeerHandshake, localDomainId: string): string[] {
        const h03 = h as PeerHandshake03;
        return h03.issuedCertPem !== undefined && h03.issuedTo !== localDomainId
            ? [`${origin}.issuedCertPem was issued to '${h03.issuedTo}', not to '${localDomainId}'`] : [];
    },
};
