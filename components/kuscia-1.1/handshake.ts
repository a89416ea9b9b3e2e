/** What a Kuscia 1.1 node publishes for its partner: its public key, as its `domain.crt`. */
export interface PeerHandshake11 {
    generation: "1.1";
    /** The publishing node's domain id. */
    domainId: string;
    /** Its gateway, `HOST:PORT` (HOST an IPv4 address or an RFC 1123 name). */
    endpoint: string;
    /** The gateway's scheme: "https" (Kuscia's default protocol, TLS or MTLS), or "http" for a NOTLS node; absent reads as https. */
    gatewayScheme?: "https" | "http";
    /** Its `domain.crt` (self-signed, CN = domain id): what the partner adds (add_domain.sh). */
    domainCertPem: string;
    /** The partner's domain id, once the publisher has added the partner: the partner's route to it can then become Ready. */
    authorizes?: string;
}
