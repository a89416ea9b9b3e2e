import * as http from "http";
import * as https from "https";
import * as net from "net";
import { kindOf } from "../store/kinds";
import { Store } from "../store/store";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;

/** A failed call from one domain to another; the message names the direction and the reason. */
export class LinkError extends Error {}

export interface Reply {
  readonly status: number;
  readonly body: any;
}

const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EADDRNOTAVAIL"]);
const CLIENT_REFUSED = new Set([
  "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR", "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN", "ERR_SSL_TLSV1_ALERT_ACCESS_DENIED",
  "ECONNRESET", "EPIPE", "ERR_STREAM_DESTROYED",
]);

/**
 * POSTs JSON from `self` to `peer`'s gateway through the DomainRoute `self-peer` in namespace `self`
 * (its endpoint, tlsCA, sourceClientCert and sourceClientPrivateKey), as the node's Envoy would.
 */
export function callPeer(store: Store, self: string, peer: string, path: string, payload: unknown, timeoutMs: number): Promise<Reply> {
  const dir = `${self}->${peer}`;
  const name = `${self}-${peer}`;
  const route = store.get(DOMAIN_ROUTE, self, name);
  if (!route) return Promise.reject(new LinkError(`${dir}: no DomainRoute ${name} in namespace ${self}: run join_to_host.sh`));
  const host: string | undefined = route.spec?.endpoint?.host;
  const portSpec = route.spec?.endpoint?.ports?.[0] ?? {};
  const port = Number(portSpec.port ?? 80);
  if (!host) return Promise.reject(new LinkError(`${dir}: DomainRoute ${name} has no spec.endpoint.host`));
  const where = `${host}:${port}`;
  const mtls = route.spec?.mTLSConfig ?? {};
  const decode = (v: unknown) => (v ? Buffer.from(String(v), "base64") : undefined);
  const ca = decode(mtls.tlsCA);
  const body = JSON.stringify(payload);
  const options: https.RequestOptions = {
    host, port, path, method: "POST", agent: false, timeout: timeoutMs,
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-kuscia-source": self },
    ca, cert: decode(mtls.sourceClientCert), key: decode(mtls.sourceClientPrivateKey),
    rejectUnauthorized: ca !== undefined,
    // Envoy checks the chain against tlsCA, not the endpoint's name.
    checkServerIdentity: () => undefined,
    ...(net.isIP(host) ? {} : { servername: host }),
  };
  const useTls = portSpec.isTLS !== false;
  return new Promise((resolve, reject) => {
    let secured = false;
    const fail = (reason: string) => reject(new LinkError(`${dir}: ${reason}`));
    const req = (useTls ? https : http).request(options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        let parsed: any = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on("error", (e: any) => fail(`answer from ${where} broken off (${e.code ?? e.message})`));
    });
    req.on("socket", (s) => s.on("secureConnect", () => (secured = true)));
    req.on("timeout", () => {
      req.destroy();
      fail(secured ? `no answer from ${peer}'s gateway ${where} within ${timeoutMs} ms` : `gateway ${where} unreachable (timed out)`);
    });
    req.on("error", (e: any) => {
      const code: string = e.code ?? "";
      if (UNREACHABLE.has(code)) fail(`gateway ${where} unreachable (${code})`);
      else if (/CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(code) && !code.startsWith("ERR_SSL_")) {
        fail(`server certificate of ${where} not trusted with ${self}'s ${peer}.host.ca.crt (${code})`);
      } else if (CLIENT_REFUSED.has(code) || /socket hang up/.test(e.message)) {
        fail(
          secured || code.startsWith("ERR_SSL_")
            ? `client certificate refused by ${peer} at ${where} (${code || e.message}): is ${self} granted on ${peer} (add_domain.sh ${self}) and domain-2-${peer}.crt current?`
            : `connection to ${where} reset during the TLS handshake (${code || e.message})`,
        );
      } else fail(`request to ${where} failed (${code || e.message})`);
    });
    req.end(body);
  });
}
