import * as pulumi from "@pulumi/pulumi";
import type { PeerHandshake } from "../peer";
import type { PeerHandshake03 } from "./handshake";
import { AuthorizationRun, AuthorizationStatus, LocalTrust, PairTrust, TrustGeneration, TrustSide } from "../generation";
import { domainIdProblems, throwIfProblems } from "../validation";
import { certificate, certificateRequest, commonNameOf, sameKey } from "../x509";
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

function crossOrgMessage(me: string, partner: string, peer: PeerHandshake03 | undefined, status: AuthorizationStatus): string {
    switch (status) {
    case "waiting-for-peer":
        return `${me}: waiting for ${partner}'s handshake (its domain id, endpoint, CSR and CA). Publish this stack's handshake to ${partner} and run up again once it has run up.`;
    case "granted":
        return `${me}: granted ${peer!.domainId} and issued its certificate; waiting for ${peer!.domainId} to grant ${me} (its handshake has no certificate for ${me} yet). Run up again after ${peer!.domainId} has.`;
    default:
        return `${me}: granted ${peer!.domainId}; ${me} -> ${peer!.domainId} verified: partner traffic passes both gateways. ${peer!.domainId} -> ${me} is verified by ${peer!.domainId}'s own up.`;
    }
}

/**
 * What a well-formed handshake's PEM blocks must be: a CSR that asks for the publisher's own domain id,
 * a CA certificate, and a certificate issued by that CA to `issuedTo`.
 */
function materialProblems(origin: string, h: PeerHandshake03): string[] {
    const problems: string[] = [];
    const csr = certificateRequest(h.csrPem);
    if (csr === undefined) {
        problems.push(`${origin}.csrPem is not a certificate request (PKCS#10)`);
    } else if (csr.commonName !== h.domainId) {
        problems.push(`${origin}.csrPem asks for CN=${csr.commonName ?? "(none)"}, not for the handshake's domainId '${h.domainId}'`);
    }
    const ca = certificate(h.caCertPem);
    if (ca === undefined) {
        problems.push(`${origin}.caCertPem is not an X.509 certificate`);
    }
    if (h.issuedCertPem !== undefined) {
        const issued = certificate(h.issuedCertPem);
        if (issued === undefined) {
            problems.push(`${origin}.issuedCertPem is not an X.509 certificate`);
        } else {
            if (ca !== undefined && !(issued.checkIssued(ca) && issued.verify(ca.publicKey))) {
                problems.push(`${origin}.issuedCertPem is not signed by the handshake's caCertPem: a certificate the partner did not issue`);
            }
            if (commonNameOf(issued.subject) !== h.issuedTo) {
                problems.push(`${origin}.issuedCertPem names CN=${commonNameOf(issued.subject) ?? "(none)"}, not issuedTo '${h.issuedTo}'`);
            }
        }
    }
    return problems;
}

/**
 * The certificate the partner issued to `local`, once it is known to carry the local node's key (the
 * public key of its CSR): the join that installs it waits for this check, and fails without it.
 */
function issuedToLocal(origin: string, local: TrustSide, issuedCertPem: string): pulumi.Output<string> {
    return local.publicMaterial.apply(m => {
        const csr = certificateRequest(m.csrPem);
        const issued = certificate(issuedCertPem);
        throwIfProblems(csr !== undefined && issued !== undefined && sameKey(csr.publicKey, issued.publicKey) ? []
            : [`${origin}.issuedCertPem does not carry ${local.domainId}'s public key (the key of its domain.csr): `
                + `the partner signed another CSR. Send it ${local.domainId}'s current handshake and let it grant again.`]);
        return issuedCertPem;
    });
}

export const trust03: TrustGeneration = {
    pinnedCertificate: { field: "caCertPem", what: "its ca.crt" },

    pair({ name, parent }: AuthorizationRun, a: TrustSide, b: TrustSide): PairTrust {
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

    local({ name, parent }: AuthorizationRun, local: TrustSide, partnerDomainId: string, handshake: PeerHandshake | undefined): LocalTrust {
        const child = { parent };
        // The authorization refused a handshake of another generation.
        const peer = handshake as PeerHandshake03 | undefined;
        const me = local.domainId;
        const issued = peer === undefined ? undefined
            : grant(`${name}-${me}-grants-${peer.domainId}`, local, peer.domainId, peer.csrPem, child);
        const checked = peer?.issuedCertPem === undefined ? undefined
            : joinAndVerify(`${name}-${me}-joins-${peer.domainId}`, local, peer.domainId, peer.endpoint,
                issuedToLocal(`${name}.peer`, local, peer.issuedCertPem), peer.caCertPem, child);
        const status: AuthorizationStatus = peer === undefined ? "waiting-for-peer" : checked === undefined ? "granted" : "verified";
        return {
            handshake: handshakeOf(local, peer?.domainId, issued === undefined ? undefined : issuedCert(issued.stdout)),
            status,
            settled: pulumi.output((checked ?? issued)?.stdout ?? ""),
            message: crossOrgMessage(me, partnerDomainId, peer, status),
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
        // What the PEM blocks say is judged against the domain id: only once the id and the blocks' shape are right.
        return problems.length > 0 || domainIdProblems("", o.domainId).length > 0 ? problems : materialProblems(origin, o as unknown as PeerHandshake03);
    },

    recipientProblems(origin: string, h: PeerHandshake, localDomainId: string): string[] {
        const h03 = h as PeerHandshake03;
        return h03.issuedCertPem !== undefined && h03.issuedTo !== localDomainId
            ? [`${origin}.issuedCertPem was issued to '${h03.issuedTo}', not to '${localDomainId}'`] : [];
    },
};
