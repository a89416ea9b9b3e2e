import * as http from "http";
import * as https from "https";
import * as net from "net";
import { ENVOY_RESET, kusciaHeaders, LinkError, parseJson, PeerRequest, Reply } from "../../daemon/link";
import { Store } from "../../store/store";
import { NOOP_TOKEN, upstreamTo } from "./routes";

const CONNECT_ERRNO: Record<string, number> = {
    ECONNREFUSED: 111,
    EHOSTUNREACH: 113,
    ENETUNREACH: 101,
    EADDRNOTAVAIL: 99,
};

/**
 * Sends a request from `self` to a service of `peer` as the node's gateway forwards partner traffic:
 * through the DomainRoute `self-peer` (its endpoint, tlsCA, client certificate and key, at most
 * TLS 1.2 as Envoy's upstream default), with the headers Kuscia 0.3.0b0's gateway adds on the way out
 * (pkg/gateway/controller/interconn/kuscia_handler.go GenerateInternalRoute): Kuscia-Source,
 * Kuscia-Token, Kuscia-Host and x-interconn-protocol.
 */
export function callPeer(store: Store, self: string, peer: string, domainKey: Buffer, r: PeerRequest): Promise<Reply> {
    const dir = `${self}->${peer}`;
    const found = upstreamTo(store, self, peer, domainKey);
    if (!found.ok)
        return Promise.reject(new LinkError(`${dir}: ${found.reason}`, found.missing, "no healthy upstream"));
    const up = found.upstream;
    const where = `${up.host}:${up.port}`;
    const body = r.body ?? "";
    const options: https.RequestOptions = {
        host: up.host,
        port: up.port,
        path: r.path,
        method: r.method,
        agent: false,
        timeout: r.timeoutMs,
        headers: {
            ...r.headers,
            "content-length": Buffer.byteLength(body),
            ...kusciaHeaders(self, peer, r.service, NOOP_TOKEN),
        },
        ca: up.ca,
        cert: up.cert,
        key: up.key,
        rejectUnauthorized: up.ca !== undefined,
        maxVersion: "TLSv1.2",
        // Envoy checks the chain against tlsCA, not the endpoint's name.
        checkServerIdentity: () => undefined,
        ...(net.isIP(up.host) ? {} : { servername: up.host }),
    };
    return new Promise((resolve, reject) => {
        let secured = false;
        const fail = (reason: string, envoy: string) => reject(new LinkError(`${dir}: ${reason}`, false, envoy));
        const req = (up.tls ? https : http).request(options, res => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", c => (text += c));
            res.on("end", () =>
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parseJson(text) }),
            );
            res.on("error", (e: any) =>
                fail(
                    `answer from ${where} broken off (${e.code ?? e.message})`,
                    `${ENVOY_RESET} connection termination`,
                ),
            );
        });
        req.on("socket", s => s.on("secureConnect", () => (secured = true)));
        req.on("timeout", () => {
            req.destroy();
            if (secured)
                fail(`no answer from ${peer}'s gateway ${where} within ${r.timeoutMs} ms`, "upstream request timeout");
            else fail(`gateway ${where} unreachable (timed out)`, `${ENVOY_RESET} connection timeout`);
        });
        req.on("error", (e: any) => {
            const code: string = e.code ?? "";
            const alert = /^ERR_SSL_(.*ALERT.*)$/.exec(code)?.[1];
            if (code in CONNECT_ERRNO) {
                fail(
                    `gateway ${where} unreachable (${code})`,
                    `${ENVOY_RESET} connection failure, transport failure reason: delayed connect error: ${CONNECT_ERRNO[code]}`,
                );
            } else if (/CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(code) && !code.startsWith("ERR_SSL_")) {
                fail(
                    `server certificate of ${where} not trusted with ${self}'s ${peer}.host.ca.crt (${code})`,
                    `${ENVOY_RESET} connection failure, transport failure reason: ` +
                        "TLS error: SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED",
                );
            } else if (alert || (!secured && up.tls && (code === "ECONNRESET" || /socket hang up/.test(e.message)))) {
                const why = alert ?? "connection reset by the peer";
                fail(
                    `client certificate refused by ${peer} at ${where} during the TLS handshake (${why}): ` +
                        `is domain-2-${peer}.crt signed by ${peer}'s current CA?`,
                    `${ENVOY_RESET} connection failure, transport failure reason: TLS error: ${why}`,
                );
            } else fail(`request to ${where} failed (${code || e.message})`, `${ENVOY_RESET} connection termination`);
        });
        req.end(body);
    });
}
