import * as crypto from "crypto";
import * as http from "http";
import { LinkError } from "../../daemon/link";
import { log } from "../../daemon/log";
import { Store } from "../../store/store";
import { HandshakeServer } from "./handshake-server";
import { sendThroughRoute } from "./peer-link";

const FORWARD_TIMEOUT_MS = 30000;

/**
 * The gateway's internal listener (port 80, kuscia.sh maps it to 13081): a request for
 * `SERVICE.PEER.svc` leaves through the token route SELF-PEER; the node's own handshake service
 * answers here too; a host with no route is a 404; a failed upstream a 503 with Envoy's words.
 */
export function internalHandler(store: Store, self: string, key: crypto.KeyObject, handshake: HandshakeServer): http.RequestListener {
  return (req, res) => {
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    if (host === `kuscia-handshake.${self}.svc` && (req.url ?? "").split("?")[0] === "/handshake") return handshake.handle(req, res);
    const m = /^([a-z0-9-]+)\.([a-z0-9.-]+)\.svc$/.exec(host);
    if (!m || m[2] === self) return notFound(res, host);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers: http.OutgoingHttpHeaders = {};
      if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
      try {
        const reply = await sendThroughRoute(store, self, key, m[2], {
          method: req.method ?? "GET", path: req.url ?? "/", service: m[1], headers, body: Buffer.concat(chunks), timeoutMs: FORWARD_TIMEOUT_MS,
        });
        const out: http.OutgoingHttpHeaders = { "content-type": reply.headers["content-type"] ?? "text/plain" };
        for (const h of ["kuscia-error-message", "kuscia-error-message-internal"]) if (reply.headers[h]) out[h] = reply.headers[h];
        res.writeHead(reply.status, out);
        res.end(reply.text);
      } catch (e) {
        if (!(e instanceof LinkError)) throw e;
        log(`gateway: ${e.message}`);
        if (e.missing) return notFound(res, host);
        res.writeHead(503, { "content-type": "text/plain" });
        res.end(e.envoy);
      }
    });
  };
}

function notFound(res: http.ServerResponse, host: string): void {
  res.writeHead(404, { "kuscia-error-message-internal": `Service "${host}" not found.`, "content-length": 0 });
  res.end();
}
