/**
 * What a Kuscia 0.3 node publishes for its partner. `issuedCertPem` is the certificate this side's CA
 * issued to `issuedTo` (the partner's domain-2-<us>.crt).
 */
export interface PeerHandshakeV03 {
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

/** What a Kuscia 1.1 node publishes for its partner: its public key, as its `domain.crt`. */
export interface PeerHandshakeV11 {
    generation: "1.1";
    /** The publishing node's domain id. */
    domainId: string;
    /** Its gateway, `HOST:PORT` (HOST an IPv4 address or an RFC 1123 name). */
    endpoint: string;
    /**
     * The scheme partners reach the gateway with: "https" (Kuscia's default protocol, TLS or MTLS), or
     * "http" (a NOTLS node, or a proxy in front of it that speaks HTTP); absent reads as https.
     */
    gatewayScheme?: "https" | "http";
    /**
     * The path prefix of a 7-layer proxy in front of the gateway (e.g. "/kuscia/"), which partners'
     * routes put before every path.
     */
    gatewayPath?: string;
    /** Its `domain.crt` (self-signed, CN = domain id): what the partner adds (add_domain.sh). */
    domainCertPem: string;
    /**
     * The partner's domain id, once the publisher has added the partner: the partner's route to it can then become
     * Ready.
     */
    authorizes?: string;
}

/**
 * What one organisation publishes for its partner (public material only): the fields of its Kuscia generation's
 * handshake.
 */
export type PeerHandshake = PeerHandshakeV03 | PeerHandshakeV11;
