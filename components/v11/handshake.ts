import { PeerHandshakeV11 } from "../core/handshake";
import { domainIdProblems, gatewayPathProblems } from "../core/validation";
import { certificate, commonNameOf, isPemBlock } from "../core/x509";

// The checks of a Kuscia 1.1 handshake: its domain.crt, the gateway's scheme and path, whom it authorizes.

/** A handshake without `gatewayScheme` (published before NOTLS nodes existed) is from an HTTPS gateway. */
export const gatewaySchemeOf = (h: { gatewayScheme?: string }) => (h.gatewayScheme ?? "https") as "https" | "http";

/** Problems of the 1.1 fields of a handshake whose common fields are checked already. */
export function handshakeProblemsV11(origin: string, o: Record<string, unknown>): string[] {
    const problems: string[] = [];
    if (!isPemBlock(o.domainCertPem, "CERTIFICATE")) {
        problems.push(`${origin}.domainCertPem must be one PEM block of CERTIFICATE`);
    } else {
        const cert = certificate(o.domainCertPem as string);
        const cn = cert === undefined ? undefined : commonNameOf(cert.subject);
        if (cert === undefined) {
            problems.push(`${origin}.domainCertPem is not an X.509 certificate`);
        } else if (cn !== o.domainId && domainIdProblems("", o.domainId).length === 0) {
            problems.push(
                `${origin}.domainCertPem names CN=${cn ?? "(none)"}, not the handshake's domainId '${o.domainId}'`,
            );
        }
    }
    if (o.gatewayScheme !== undefined && o.gatewayScheme !== "https" && o.gatewayScheme !== "http") {
        problems.push(
            `${origin}.gatewayScheme must be https or http (a NOTLS node's), got ${JSON.stringify(o.gatewayScheme)}`,
        );
    }
    if (o.gatewayPath !== undefined) {
        problems.push(...gatewayPathProblems(`${origin}.gatewayPath`, o.gatewayPath));
    }
    if (
        o.authorizes !== undefined &&
        (typeof o.authorizes !== "string" || domainIdProblems("", o.authorizes).length > 0)
    ) {
        problems.push(`${origin}.authorizes must be a domain id`);
    }
    for (const field of ["csrPem", "caCertPem", "issuedTo", "issuedCertPem"]) {
        if (o[field] !== undefined) {
            problems.push(`${origin}.${field} is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only`);
        }
    }
    return problems;
}

/** A handshake that authorizes a partner must authorize the local node. */
export function recipientProblemsV11(origin: string, h: PeerHandshakeV11, localDomainId: string): string[] {
    return h.authorizes !== undefined && h.authorizes !== localDomainId
        ? [`${origin}.authorizes '${h.authorizes}', not '${localDomainId}': it is another partner's handshake`]
        : [];
}
