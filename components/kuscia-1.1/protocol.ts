/**
 * The config's `protocol` (`kuscia init -p`; cmd/kuscia/kusciainit/init.go). Left out, KusciaAPI is
 * MTLS plus its token and the gateway HTTPS; TLS and MTLS give the same gateway. NOTLS turns TLS
 * and the token off on both. Kuscia compares it case-sensitively (`notls` would mean TLS), so only
 * these spellings.
 */
export const kusciaProtocols = ["NOTLS", "TLS", "MTLS"] as const;
export type KusciaProtocol = typeof kusciaProtocols[number];

/** Whether TLS is off (cmd/kuscia/modules/kusciaapi.go, domainroute.go). */
export function plainHttp(protocol: KusciaProtocol | undefined): boolean {
    return protocol === "NOTLS";
}

/** The scheme of the node's gateway and KusciaAPI, as join_to_host.sh and clients must use it. */
export function schemeOf(protocol: KusciaProtocol | undefined): "http" | "https" {
    return plainHttp(protocol) ? "http" : "https";
}
