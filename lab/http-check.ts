import * as http from "node:http";
import * as net from "node:net";

/** GET over TCP or a unix socket; resolves to the status code, or 0 when nothing answers. */
export function httpStatus(opts: {
    host?: string;
    port?: number;
    socketPath?: string;
    path: string;
    method?: string;
    headers?: Record<string, string>;
}): Promise<number> {
    return new Promise(resolve => {
        const req = http.request({ ...opts, method: opts.method ?? "GET", timeout: 3000 }, res => {
            res.resume();
            resolve(res.statusCode ?? 0);
        });
        req.on("error", () => resolve(0));
        req.on("timeout", () => {
            req.destroy();
            resolve(0);
        });
        req.end();
    });
}

export function tcpOpen(host: string, port: number): Promise<boolean> {
    return new Promise(resolve => {
        const s = net.connect({ host, port, timeout: 2000 }, () => {
            s.destroy();
            resolve(true);
        });
        s.on("error", () => resolve(false));
        s.on("timeout", () => {
            s.destroy();
            resolve(false);
        });
    });
}
