import { PeerHandshakeV03 } from "../core/handshake";
import { domainIdProblems } from "../core/validation";
import { certificate, certificateRequest, commonNameOf, isPemBlock } from "../core/x509";

/*
 * The checks of a Kuscia 0.3 handshake: its CSR and CA certificate and, once the publisher granted
 * the partner, the certificate it issued (`issuedTo`, `issuedCertPem`).
 */

const pemFields: [keyof PeerHandshakeV03, string][] = [
    ["csrPem", "CERTIFICATE REQUEST"],
    ["caCertPem", "CERTIFICATE"],
    ["issuedCertPem", "CERTIFICATE"],
];

/** Problems of the 0.3 fields of a handshake whose common fields are checked already. */
export function handshakeProblemsV03(origin: string, o: Record<string, unknown>): string[] {
    const problems: string[] = [];
    for (const [field, label] of pemFields) {
        if ((field !== "issuedCertPem" || o[field] !== undefined) && !isPemBlock(o[field], label)) {
            problems.push(`${origin}.${field} must be one PEM block of ${label}`);
        }
    }
    if ((o.issuedTo === undefined) !== (o.issuedCertPem === undefined)) {
        problems.push(`${origin}: issuedTo and issuedCertPem go together`);
    } else if (
        o.issuedTo !== undefined &&
        (typeof o.issuedTo !== "string" || domainIdProblems("", o.issuedTo).length > 0)
    ) {
        problems.push(`${origin}.issuedTo must be a domain id`);
    }
    // What the PEM blocks say is judged against the domain id: only once the id and the blocks' shape are right.
    return problems.length > 0 || domainIdProblems("", o.domainId).length > 0
        ? problems
        : materialProblems(origin, o as unknown as PeerHandshakeV03);
}

/**
 * What a well-formed handshake's PEM blocks must be: a CSR that asks for the publisher's own domain id,
 * a CA certificate, and a certificate issued by that CA to `issuedTo`.
 */
function materialProblems(origin: string, h: PeerHandshakeV03): string[] {
    const problems: string[] = [];
    const csr = certificateRequest(h.csrPem);
    if (csr === undefined) {
        problems.push(`${origin}.csrPem is not a certificate request (PKCS#10)`);
    } else if (csr.commonName !== h.domainId) {
        problems.push(
            `${origin}.csrPem asks for CN=${csr.commonName ?? "(none)"}, not for the handshake's domainId '${h.domainId}'`,
        );
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
                problems.push(
                    `${origin}.issuedCertPem is not signed by the handshake's caCertPem: a certificate the partner did not issue`,
                );
            }
            if (commonNameOf(issued.subject) !== h.issuedTo) {
                problems.push(
                    `${origin}.issuedCertPem names CN=${commonNameOf(issued.subject) ?? "(none)"}, not issuedTo '${h.issuedTo}'`,
                );
            }
        }
    }
    return problems;
}

/** A certificate in the handshake must be issued to the local node. */
export function recipientProblemsV03(origin: string, h: PeerHandshakeV03, localDomainId: string): string[] {
    return h.issuedCertPem !== undefined && h.issuedTo !== localDomainId
        ? [`${origin}.issuedCertPem was issued to '${h.issuedTo}', not to '${localDomainId}'`]
        : [];
}
