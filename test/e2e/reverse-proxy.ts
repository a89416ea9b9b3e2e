// A 7-layer reverse proxy in front of a node's gateway, as an organisation puts one (Debian's nginx,
// configured as Kuscia's network requirements guide asks: HTTP/1.1 upstream, keep-alive, no
// buffering), serving the gateway under a path prefix that it strips, as Kuscia's
// kuscia_gateway_with_path tutorial does.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { LabHost } from "../../lab/state";
import { netnsOf } from "./interference";

export interface ReverseProxy {
    /** The URL partners use: http://HOST:PORT/PREFIX/. */
    url: string;
    /** The request paths nginx received (its access log). */
    requests(): string[];
    stop(): void;
}

/**
 * nginx in `host`'s network namespace on `port`, passing `prefix` (e.g. "/kuscia/") to `upstream` (scheme://HOST:PORT).
 */
export async function reverseProxy(
    host: LabHost,
    port: number,
    prefix: string,
    upstream: string,
): Promise<ReverseProxy> {
    const netns = netnsOf(host);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-kuscia-e2e-nginx-${host.name}-`));
    const upstreamUrl = new URL(upstream);
    fs.writeFileSync(
        path.join(dir, "nginx.conf"),
        `
user root;
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_pass_request_headers on;
    ignore_invalid_headers off;
    keepalive_requests 1000;
    keepalive_timeout 20m;
    client_max_body_size 2m;
    proxy_buffering off;
    proxy_request_buffering off;
    upstream backend {
        server ${upstreamUrl.host} max_fails=5 fail_timeout=60s;
        keepalive 32;
        keepalive_timeout 600s;
        keepalive_requests 1000;
    }
    server {
        listen ${host.address}:${port};
        location ${prefix} {
            proxy_read_timeout 10m;
            proxy_pass ${upstreamUrl.protocol}//backend/;
        }
    }
}
`,
    );
    const check = spawnSync(
        "nsenter",
        [`--net=/var/run/netns/${netns}`, "nginx", "-t", "-c", path.join(dir, "nginx.conf")],
        { encoding: "utf8" },
    );
    if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
    const nginx = spawn("nsenter", [`--net=/var/run/netns/${netns}`, "nginx", "-c", path.join(dir, "nginx.conf")], {
        stdio: "ignore",
    });
    await listening(host.address, port);
    let stopped = false;
    return {
        url: `http://${host.address}:${port}${prefix}`,
        requests: () => {
            const log = path.join(dir, "access.log");
            return fs.existsSync(log)
                ? fs
                      .readFileSync(log, "utf8")
                      .split("\n")
                      .map(l => /"[A-Z]+ (\S+)/.exec(l)?.[1])
                      .filter((p): p is string => !!p)
                : [];
        },
        stop: () => {
            if (stopped) return;
            stopped = true;
            nginx.kill("SIGQUIT");
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

async function listening(address: string, port: number): Promise<void> {
    for (let i = 0; i < 50; i++) {
        const up = await new Promise<boolean>(resolve => {
            const s = net
                .connect({ host: address, port }, () => {
                    s.end();
                    resolve(true);
                })
                .on("error", () => resolve(false));
        });
        if (up) return;
        await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`nginx is not listening on ${address}:${port}`);
}
