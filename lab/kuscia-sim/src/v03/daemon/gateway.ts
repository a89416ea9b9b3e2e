import * as http from "http";
import * as tls from "tls";
import { listen } from "../../daemon/listen";
import { log } from "../../daemon/log";
import { Material } from "./material";

/**
 * The node's external listener: TLS with external_tls.crt that requires a client certificate signed
 * by the node's own CA, as Kuscia 0.3.0b0's gateway configures it (pkg/gateway/xds/tls_config.go
 * generateDownstreamTLSConfig): any certificate of that CA passes, whoever it was issued to. Which
 * partner may send what is decided above TLS, by `handler` (the token-auth filter).
 */
export function startGateway(
    material: Material,
    host: string,
    port: number,
    handler: http.RequestListener,
): Promise<tls.Server> {
    const httpServer = http.createServer(handler);
    // Node checks the chain against `ca` and leaves the verdict to us: a refused client's connection is
    // torn down during the handshake (Envoy would send a TLS alert first; Node cannot).
    const server = tls.createServer(
        {
            key: material.gatewayKey,
            cert: material.gatewayCert,
            ca: [material.ca],
            requestCert: true,
            rejectUnauthorized: false,
        },
        socket => {
            if (!socket.authorized) {
                log(`gateway: TLS refused ${socket.remoteAddress}: ${socket.authorizationError}`);
                socket.destroy();
                return;
            }
            httpServer.emit("connection", socket);
        },
    );
    server.on("tlsClientError", (e, socket) =>
        log(`gateway: TLS handshake with ${socket.remoteAddress} failed: ${e.message.split("\n")[0]}`),
    );
    return listen(server, host, port);
}

/**
 * The node's internal listener (plain HTTP, port 80 in the container), where the node's own traffic to partners enters.
 */
export function startInternalListener(host: string, port: number, handler: http.RequestListener): Promise<http.Server> {
    return listen(http.createServer(handler), host, port);
}
