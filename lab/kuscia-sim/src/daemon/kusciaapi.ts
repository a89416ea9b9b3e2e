import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";
import * as tls from "tls";
import { sendJson } from "./http-io";
import { listen } from "./listen";

/**
 * KusciaAPI as both generations serve it (cmd/kuscia/modules/kusciaapi.go): HTTP on 8082 and gRPC on 8083,
 * each with the node's CA asking for a client certificate (kusciaapi-server.*), and the token file's value
 * as the `Token` header; neither without TLS (1.1's NOTLS). Each generation's kusciaapi.ts has its calls.
 */

/** The server side of KusciaAPI's TLS: kusciaapi-server.key and .crt, and the CA its clients' certificates need. */
export interface ApiTls {
    readonly key: string | Buffer;
    readonly cert: string | Buffer;
    readonly ca: string | Buffer;
}

export const OK = { code: 0, message: "success", details: [] };

/** A KusciaAPI answer that is no success: `{status: {code, message, details}}`. */
export const failure = (code: number, message: string) => ({ status: { code, message, details: [] } });

/** The token file in `certsDir`, re-read on each request so that a rotated token takes effect at once. */
export function readToken(certsDir: string): string | undefined {
    try {
        return fs.readFileSync(path.join(certsDir, "token"), "utf8").trim();
    } catch {
        return undefined;
    }
}

/**
 * The HTTP port: with `t`, MTLS and the `Token` header that must equal `token()`; `serve` answers the call,
 * and what it throws is a 400.
 */
export function startKusciaApi(
    t: ApiTls | undefined,
    token: () => string | undefined,
    host: string,
    port: number,
    serve: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
): Promise<net.Server> {
    const handler: http.RequestListener = async (req, res) => {
        if (t) {
            const expected = token();
            if (!expected || req.headers["token"] !== expected) {
                return sendJson(
                    res,
                    401,
                    failure(401, "unauthorized: the Token header does not match the node's token"),
                );
            }
        }
        try {
            await serve(req, res);
        } catch (e: any) {
            sendJson(res, 400, failure(400, e.message));
        }
    };
    const server = t
        ? https.createServer(
              { key: t.key, cert: t.cert, ca: t.ca, requestCert: true, rejectUnauthorized: true },
              handler,
          )
        : http.createServer(handler);
    return listen(server, host, port);
}

/** A call KusciaAPI does not have (or the simulator does not serve). */
export function noRoute(req: http.IncomingMessage, res: http.ServerResponse): void {
    sendJson(res, 404, failure(404, `no route for ${req.method} ${req.url}`));
}

/** The gRPC port: a listener with the same TLS (no gRPC service behind it). */
export function startKusciaApiGrpc(t: ApiTls | undefined, host: string, port: number): Promise<net.Server> {
    const hold = (socket: net.Socket) => socket.on("data", () => undefined);
    if (!t) return listen(net.createServer(hold), host, port);
    const server = tls.createServer({ ...t, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ["h2"] }, hold);
    server.on("tlsClientError", () => undefined);
    return listen(server, host, port);
}
