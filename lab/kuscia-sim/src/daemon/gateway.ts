import * as crypto from "crypto";
import * as http from "http";
import * as net from "net";
import * as tls from "tls";
import { Store } from "../store/store";
import { checkGrant } from "./grants";
import { log } from "./log";
import { Material } from "./material";

/** The granted partner domain behind each accepted gateway connection. */
const callers = new WeakMap<net.Socket, string>();

export function callerOf(req: http.IncomingMessage): string | undefined {
  return callers.get(req.socket);
}

/**
 * The node's gateway: TLS with external_tls.crt that demands a client certificate signed by the
 * node's CA and granted as a partner Domain. A refused client's connection is reset, as Envoy does.
 */
export function startGateway(store: Store, material: Material, host: string, port: number, handler: http.RequestListener): Promise<tls.Server> {
  const httpServer = http.createServer(handler);
  const ownCa = new crypto.X509Certificate(material.ca);
  const server = tls.createServer(
    // No CA for OpenSSL: it would verify a foreign chain itself, and a failed signature check there
    // breaks the connection at a moment that varies. The chain is checked in checkGrant instead,
    // so every refusal ends the same way, with a reset after the client's request.
    { key: material.gatewayKey, cert: material.gatewayCert, ca: [], requestCert: true, rejectUnauthorized: false },
    (socket) => {
      const grant = checkGrant(store, ownCa, socket.getPeerCertificate()?.raw);
      if (!grant.ok) {
        log(`gateway: refused ${socket.remoteAddress}: ${grant.reason}`);
        reset(socket);
        return;
      }
      callers.set(socket, grant.domain);
      httpServer.emit("connection", socket);
    },
  );
  server.on("tlsClientError", (e, socket) => log(`gateway: handshake with ${socket.remoteAddress} failed: ${e.message.split("\n")[0]}`));
  return listen(server, host, port);
}

const REFUSE_WAIT_MS = 1000;

/**
 * Tears a refused TLS connection down with a TCP reset of the raw socket under the TLS layer,
 * once the client has sent its request (or after a second): the client then fails reading its
 * answer (curl: exit 56), not at some earlier step that depends on timing.
 */
function reset(socket: tls.TLSSocket): void {
  const raw = (socket as unknown as { _parent?: net.Socket })._parent;
  let done = false;
  const kill = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (raw && typeof raw.resetAndDestroy === "function") raw.resetAndDestroy();
    else socket.destroy();
  };
  const timer = setTimeout(kill, REFUSE_WAIT_MS);
  socket.once("data", kill);
  socket.once("end", kill);
  socket.on("error", kill);
}

export function listen<T extends net.Server>(server: T, host: string, port: number): Promise<T> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
