import * as http from "http";
import * as net from "net";
import * as tls from "tls";
import { listen } from "../../daemon/listen";
import { NodeMaterial } from "./certs";

/**
 * Port 1080: TLS with the gateway's server certificate and no client certificate asked for
 * (pkg/gateway/xds/tls_config.go asks only when a CA is set, and 1.1 sets none), so nothing is
 * refused at TLS; plain HTTP when the protocol is NOTLS (no gateway certificate).
 */
export function startExternalListener(
    material: NodeMaterial,
    host: string,
    port: number,
    handler: http.RequestListener,
): Promise<net.Server> {
    const httpServer = http.createServer(handler);
    if (!material.gateway) return listen(httpServer, host, port);
    const server = tls.createServer({ key: material.gateway.key, cert: material.gateway.cert }, socket =>
        httpServer.emit("connection", socket),
    );
    return listen(server, host, port);
}
