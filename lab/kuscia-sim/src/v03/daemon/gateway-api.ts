import * as http from "http";
import { readJson, sendJson } from "../../daemon/http-json";
import { mirrorJob } from "../../daemon/jobs";
import { LinkError } from "../../daemon/link";
import { log } from "../../daemon/log";
import { HASHES_PATH, Psi, PSI_SERVICE, PsiRequest, REQUEST_PATH } from "../../daemon/psi";
import { Store } from "../../store/store";
import { callPeer } from "./peer-link";
import { handshakeHost, tokenAuthAccepts } from "./routes";

const FORWARD_TIMEOUT_MS = 30000;

/**
 * What the external listener does with a request that passed TLS, as Kuscia 0.3.0b0's
 * (etc/conf/domainroute/listeners/external_listeners.json.tmpl, routes/external_route.json.tmpl):
 * the host is taken from Kuscia-Host; `kuscia-handshake.SELF.svc` is answered without token auth;
 * everything else must pass the token-auth filter (else 401 "unauthorized.") and then goes to the
 * node's services, where an unknown service is a 404.
 */
export function externalHandler(store: Store, self: string, psi: Psi): http.RequestListener {
  return async (req, res) => {
    const host = requestHost(req, true);
    if (host === handshakeHost(self)) return handshake(self, req, res);
    const source = header(req, "kuscia-source");
    if (!tokenAuthAccepts(store, self, source, header(req, "kuscia-token"))) {
      log(`gateway: token auth refused Kuscia-Source '${source}' from ${req.socket.remoteAddress} (${req.method} ${host}${req.url})`);
      return sendText(res, 401, "unauthorized.");
    }
    if (host !== `${PSI_SERVICE}.${self}.svc`) return serviceNotFound(res, host);
    try {
      if (req.method === "POST" && req.url === REQUEST_PATH) {
        const body = (await readJson(req)) as PsiRequest;
        log(`gateway: PSI request from ${source} for ${body.task}`);
        mirrorJob(store, source, body.job, body.jobSpec, "Running");
        const reply = await psi.onRequest(source, body);
        const error = (reply.body as any)?.error;
        mirrorJob(store, source, body.job, body.jobSpec, reply.status === 200 ? "Succeeded" : "Failed", error ?? "");
        sendJson(res, reply.status, reply.body);
      } else if (req.method === "POST" && req.url === HASHES_PATH) {
        const reply = psi.onHashes(source, await readJson(req));
        sendJson(res, reply.status, reply.body);
      } else {
        sendJson(res, 404, { error: `${self}: no route for ${req.method} ${req.url}` });
      }
    } catch (e: any) {
      sendJson(res, 400, { error: `${self}: ${e.message}` });
    }
  };
}

/**
 * The internal listener: a request for `SERVICE.PEER.svc` travels through the DomainRoute SELF-PEER
 * to the peer's gateway with Kuscia's headers; the node's own handshake service answers here too;
 * a host with no route is a 404 (internal_route.json.tmpl's default route). A route whose upstream
 * fails answers 503 with the reason, as Envoy does.
 */
export function internalHandler(store: Store, self: string, domainKey: Buffer): http.RequestListener {
  return (req, res) => {
    const host = requestHost(req, false);
    if (host === handshakeHost(self)) return handshake(self, req, res);
    const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc$/.exec(host);
    if (!m || m[2] === self) return serviceNotFound(res, host);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers: http.OutgoingHttpHeaders = {};
      if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
      try {
        const reply = await callPeer(store, self, m[2], domainKey, {
          method: req.method ?? "GET", path: req.url ?? "/", service: m[1], headers, body: Buffer.concat(chunks), timeoutMs: FORWARD_TIMEOUT_MS,
        });
        const out: http.OutgoingHttpHeaders = { "content-type": reply.headers["content-type"] ?? "text/plain" };
        const internal = reply.headers["kuscia-error-message-internal"];
        if (internal) out["kuscia-error-message-internal"] = internal;
        res.writeHead(reply.status, out);
        res.end(reply.text);
      } catch (e) {
        if (!(e instanceof LinkError)) throw e;
        log(`gateway: ${e.message}`);
        if (e.missing) serviceNotFound(res, host);
        else sendText(res, 503, e.envoy);
      }
    });
  };
}

/** GET /handshake on kuscia-handshake.SELF.svc: pkg/gateway/controller/handshake.go handShakeHandle. */
function handshake(self: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.url !== "/handshake") return serviceNotFound(res, handshakeHost(self));
  if (req.method === "GET") return sendJson(res, 200, { namespace: self });
  sendText(res, 400, "token handshakes are not simulated: only MTLS and None routes are");
}

function serviceNotFound(res: http.ServerResponse, host: string): void {
  res.writeHead(404, { "kuscia-error-message-internal": `Service "${host}" not found.`, "content-length": 0 });
  res.end();
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function header(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

/** The request's host without a port; on the external listener Kuscia-Host overrides it (kuscia_gress). */
function requestHost(req: http.IncomingMessage, external: boolean): string {
  const raw = (external && header(req, "kuscia-host")) || header(req, "host");
  return raw.replace(/:\d+$/, "").toLowerCase();
}
