/**
 * What a Kuscia 0.3 node publishes for its partner. `issuedCertPem` is the certificate this side's CA
 * issued to `issuedTo` (the partner's domain-2-<us>.crt).
 */
export interface PeerHandshake03 {
    /** The publishing node's generation; a handshake without one is from a 0.3 node. */
    generation?: "0.3";
    /** The publishing node's domain id. */
    domainId: string;
    /** Its gateway, `HOST:PORT` (HOST an IPv4 address or an RFC 1123 name). */
    endpoint: string;
    /** Its `domain.csr`, for the partner to sign when it grants. */
    csrPem: string;
    /** Its `ca.crt`, which the partner installs as `<id>.host.ca.crt`. */
    caCertPem: string;
    /** The domain id the publisher issued `issuedCertPem` to: the partner. */
    issuedTo?: string;
    /** The certificate the publisher issued to the partner, once it granted it (the partner's `domain-2-<id>.crt`). */
    issuedCertPem?: string;
}
