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
  return { host, port: port.port, tls: port.isTLS === true, prefix: String(port.pathPrefix ?? "").replace(/\/$/, "") };
}

export interface PeerAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/**
 * One request to a peer's gateway over the route's scheme, host and port. A route without a tlsCA
 * does not check the server's certificate (Envoy's upstream TLS without a validation context). A
 * wrong scheme (plain HTTP to TLS, TLS to plain HTTP) fails here like a connection failure.
 */
export function requestPeer(ep: Endpoint, method: string, path: string, headers: http.OutgoingHttpHeaders, body: string | Buffer = "", timeoutMs = 10000): Promise<PeerAnswer> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      host: ep.host, port: ep.port, method, path: ep.prefix + path, agent: false, timeout: timeoutMs,
      headers: { ...headers, "content-length": Buffer.byteLength(body) },
      rejectUnauthorized: false,
    };
    const req = (ep.tls ? https : http).request(options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer from ${ep.host}:${ep.port} within ${timeoutMs} ms`)));
    req.on("error", (e: any) => reject(new Error(`${ep.tls ? "https" : "http"}://${ep.host}:${ep.port}: ${e.code ?? e.message}`)));
    req.end(body);
  });
}
