import * as crypto from "crypto";
import { kindOf } from "../../store/kinds";
import { KObject } from "../../store/object";
import { Store } from "../../store/store";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;

/** The token kuscia_token_auth accepts from any listed source: what MTLS and None routes get. */
export const NOOP_TOKEN = "noop";

/**
 * Whether the external listener's token-auth filter lets a request through: its Kuscia-Source must be
 * the source of a DomainRoute this node holds for traffic into it (add_domain.sh writes PEER-SELF),
 * and for an MTLS or None route any token passes. Kuscia 0.3.0b0: pkg/gateway/controller/domain_route.go
 * updateEnvoyRule, handshake.go parseToken; kuscia-envoy's kuscia_token_auth validateSource. The
 * client certificate plays no part here: it was checked against the node's CA at TLS.
 */
export function tokenAuthAccepts(store: Store, self: string, source: string, token: string): boolean {
    if (!source || source === self) return false;
    const tokens = store
        .list(DOMAIN_ROUTE, self)
        .filter(r => r.spec?.source === source && r.spec?.transit === undefined)
        .flatMap(r => routeTokens(r));
    return tokens.some(t => t === NOOP_TOKEN || t === token);
}

function routeTokens(route: KObject): string[] {
    const auth = route.spec?.authenticationType;
    if (auth === "MTLS" || auth === "None") return [NOOP_TOKEN];
    // Token routes get theirs from the RSA handshake, which this simulator does not run.
    return [];
}

/** How this node reaches a peer's gateway: its DomainRoute SELF-PEER as the gateway installs it. */
export interface Upstream {
    readonly host: string;
    readonly port: number;
    readonly tls: boolean;
    readonly ca?: Buffer;
    readonly cert?: Buffer;
    readonly key?: Buffer;
}

/** Why a route to a peer is not installed; `missing` is the case of no DomainRoute at all. */
export type UpstreamLookup = { ok: true; upstream: Upstream } | { ok: false; missing: boolean; reason: string };

/**
 * The upstream of DomainRoute SELF-PEER in namespace SELF. As addClusterWithEnvoy in Kuscia 0.3.0b0:
 * an MTLS route without a private key uses the node's own domain.key; a route without a client
 * certificate connects without one; a certificate or key that does not parse, or a key that does
 * not match the certificate (Envoy refuses that cluster), leaves the route without an upstream.
 */
export function upstreamTo(store: Store, self: string, peer: string, domainKey: Buffer): UpstreamLookup {
    const name = `${self}-${peer}`;
    const route = store.get(DOMAIN_ROUTE, self, name);
    if (!route || route.spec?.source !== self)
        return { ok: false, missing: true, reason: `no DomainRoute ${name} in namespace ${self}: run join_to_host.sh` };
    const host: unknown = route.spec?.endpoint?.host;
    const portSpec = route.spec?.endpoint?.ports?.[0] ?? {};
    const port = portSpec.port;
    if (typeof host !== "string" || !host)
        return { ok: false, missing: false, reason: `DomainRoute ${name} has no spec.endpoint.host` };
    if (!Number.isInteger(port) || port < 1 || port > 65535)
        return { ok: false, missing: false, reason: `DomainRoute ${name} has no valid port` };
    const mtls = route.spec?.mTLSConfig ?? {};
    const decode = (v: unknown) => (v ? Buffer.from(String(v), "base64") : undefined);
    const ca = decode(mtls.tlsCA);
    const cert = decode(mtls.sourceClientCert);
    const key =
        decode(mtls.sourceClientPrivateKey) ?? (route.spec?.authenticationType === "MTLS" ? domainKey : undefined);
    const broken = (what: string) => ({
        ok: false as const,
        missing: false,
        reason: `verify mtls config of ${name} failed with ${what}`,
    });
    try {
        if (ca) new crypto.X509Certificate(ca);
    } catch {
        return broken("invalid ca data");
    }
    if (cert) {
        let x509: crypto.X509Certificate;
        let privateKey: crypto.KeyObject;
        try {
            x509 = new crypto.X509Certificate(cert);
        } catch {
            return broken("invalid cert data");
        }
        try {
            privateKey = crypto.createPrivateKey(key ?? "");
        } catch {
            return broken("invalid cert key");
        }
        if (!x509.checkPrivateKey(privateKey)) {
            return {
                ok: false,
                missing: false,
                reason:
                    `the client certificate of DomainRoute ${name} does not match its private key: ` +
                    "Envoy refuses its cluster",
            };
        }
    }
    return { ok: true, upstream: { host, port, tls: portSpec.isTLS !== false, ca, cert, key: cert ? key : undefined } };
}
