import * as http from "http";

/**
 * Partner traffic as both generations' gateways send it: a request from this node to a service of a
 * partner, `SERVICE.PEER.svc`, through the DomainRoute SELF-PEER. How the route is read and the
 * connection made is each generation's (v03/daemon/peer-link.ts: MTLS routes; v11/daemon/peer-link.ts:
 * token routes); what they share is here.
 */

/**
 * A failed call from one domain to another. `message` names the direction and the reason;
 * `missing` says the caller's gateway has no route to the peer at all (Envoy: no virtual host, 404);
 * otherwise `envoy` is what the caller's gateway answers instead (Envoy: 503 and this body).
 */
export class LinkError extends Error {
    constructor(
        message: string,
        readonly missing: boolean,
        readonly envoy: string,
    ) {
        super(message);
    }
}

export interface Reply {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly text: string;
    /** The body parsed as JSON, or the text when it is not JSON. */
    readonly body: any;
}

export interface PeerRequest {
    readonly method: string;
    readonly path: string;
    /** The service in the peer's namespace: the request goes to `<service>.<peer>.svc`. */
    readonly service: string;
    readonly headers?: http.OutgoingHttpHeaders;
    readonly body?: Buffer | string;
    readonly timeoutMs: number;
}

/** Sends one request to a service of `peer` through the node's gateway. */
export type PeerSender = (peer: string, request: PeerRequest) => Promise<Reply>;

/** How Envoy's 503 body for a failed upstream begins. */
export const ENVOY_RESET = "upstream connect error or disconnect/reset before headers. reset reason:";

/**
 * The headers Kuscia's gateway adds to partner traffic on the way out (pkg/gateway/controller/interconn/
 * kuscia_handler.go GenerateInternalRoute): Kuscia-Source, Kuscia-Host and the route's token, if any.
 */
export function kusciaHeaders(self: string, peer: string, service: string, token?: string): http.OutgoingHttpHeaders {
    return {
        "x-interconn-protocol": "kuscia",
        "kuscia-host": `${service}.${peer}.svc`,
        "kuscia-source": self,
        ...(token ? { "kuscia-token": token } : {}),
    };
}

/** A reply's body: its JSON, or the text when it is not JSON. */
export function parseJson(text: string): any {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
