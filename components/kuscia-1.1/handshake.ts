/** What a Kuscia 1.1 node publishes for its partner: its public key, as its `domain.crt`. */
export interface PeerHandshake11 {
    generation: "1.1";
    /** The publishing node's domain id. */
    domainId: string;
    /** Its gateway, `HOST:PORT` (HOST an IPv4 address or an RFC 1123 name). */
    endpoint: string;
    /**
     * The scheme partners reach the gateway with: "https" (Kuscia's default protocol, TLS or MTLS), or "http" (a NOTLS node, or
     * a proxy in front of it that speaks HTTP); absent reads as https.
     */
    gatewayScheme?: "https" | "http";
    /** The path prefix of a 7-layer proxy in front of the gateway (e.g. "/kuscia/"), which partners' routes put before every path. */
    gatewayPath?: string;
    /** Its `domain.crt` (self-signed, CN = domain id): what the partner adds (add_domain.sh). */
    domainCertPem: string;
    /** The partner's domain id, once the publisher has added the partner: the partner's route to it can then become Ready. */
    authorizes?: string;
}
