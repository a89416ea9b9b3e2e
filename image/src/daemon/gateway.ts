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
  const server = tls.createServer(
    { key: material.gatewayKey, cert: material.gatewayCert, ca: material.ca, requestCert: true, rejectUnauthorized: true },
    (socket) => {
      const grant = checkGrant(store, socket.getPeerCertificate()?.raw);
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

/** Tears a TLS connection down with a TCP reset (the raw socket under the TLS layer). */
function reset(socket: tls.TLSSocket): void {
  const raw = (socket as unknown as { _parent?: net.Socket })._parent;
  if (raw && typeof raw.resetAndDestroy === "function") raw.resetAndDestroy();
  else socket.destroy();
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
