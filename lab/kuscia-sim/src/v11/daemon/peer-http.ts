import * as http from "http";
import * as https from "https";
import { KObject } from "../../store/object";

/** Where a DomainRoute points: its first port, as the gateway's cluster for the route is built. */
export interface Endpoint {
    readonly host: string;
    readonly port: number;
    readonly tls: boolean;
    /** pathPrefix without its trailing slash (pkg/gateway/utils/handshake.go GetPrefixIfPresent). */
    readonly prefix: string;
}

export function endpointOf(dr: KObject): Endpoint | undefined {
    const host = dr.spec?.endpoint?.host;
    const port = dr.spec?.endpoint?.ports?.[0];
    if (typeof host !== "string" || !host || !Number.isInteger(port?.port)) return undefined;
    return {
        host,
        port: port.port,
        tls: port.isTLS === true,
        prefix: String(port.pathPrefix ?? "").replace(/\/$/, ""),
    };
}

export interface PeerAnswer {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly text: string;
}

/**
 * One request to a peer's gateway, as the route's Envoy cluster sends it: to scheme://host:port with the
 * pathPrefix before the path (pkg/gateway/controller/interconn/kuscia_handler.go:103-105 PrefixRewrite;
 * pkg/gateway/utils/handshake.go:35-37 for /handshake), Host rewritten to the endpoint's host
 * (interconn/factory.go:73-75 AutoHostRewrite of the cluster's Hostname, domain_route.go:990). A route
 * without a tlsCA does not check the server's certificate (Envoy's upstream TLS without a validation
 * context). A wrong scheme (plain HTTP to TLS, TLS to plain HTTP) fails here like a connection failure.
 * `timeoutMs` bounds the whole exchange.
 */
export function requestPeer(
    ep: Endpoint,
    method: string,
    path: string,
    headers: http.OutgoingHttpHeaders,
    body: string | Buffer = "",
    timeoutMs = 10000,
): Promise<PeerAnswer> {
    const url = `${ep.tls ? "https" : "http"}://${ep.host}:${ep.port}${ep.prefix}${path}`;
    return new Promise((resolve, reject) => {
        const options: https.RequestOptions = {
            host: ep.host,
            port: ep.port,
            method,
            path: ep.prefix + path,
            agent: false,
            headers: { ...headers, host: ep.host, "content-length": Buffer.byteLength(body) },
            rejectUnauthorized: false,
        };
        const req = (ep.tls ? https : http).request(options, res => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", c => (text += c));
            res.on("end", () => {
                clearTimeout(deadline);
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
            });
            res.on("error", reject);
        });
        const deadline = setTimeout(
            () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs)} ms`)),
            timeoutMs,
        );
        req.on("error", (e: any) => {
            clearTimeout(deadline);
            reject(new Error(`${url}: ${e.code ?? e.message}`));
        });
        req.end(body);
    });
}
