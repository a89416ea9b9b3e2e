import * as http from "http";
import { Store } from "../store/store";
import { header, readJson, sendJson } from "./http-io";
import { mirrorJob } from "./jobs";
import { LinkError, PeerSender } from "./link";
import { log } from "./log";
import { FAILED_PATH, HASHES_PATH, Psi, PSI_SERVICE, PsiRequest, REQUEST_PATH } from "./psi";

/**
 * What both generations' gateways do above TLS: Kuscia's external listener (partners' traffic into this
 * node) and internal listener (this node's traffic out to partners), as Envoy routes them by virtual host
 * (etc/conf/domainroute/listeners/*.json.tmpl, routes/*.json.tmpl). What differs (token auth, the
 * handshake service, error replies) each generation's gateway-api.ts gives.
 */

const FORWARD_TIMEOUT_MS = 30000;

/** The virtual host of a node's handshake service, on both of its listeners (token auth off). */
export const handshakeHost = (domain: string) => `kuscia-handshake.${domain}.svc`;

/** The request's host without a port; on the external listener Kuscia-Host overrides it (kuscia_gress). */
export function requestHost(req: http.IncomingMessage, external: boolean): string {
    const raw = (external && header(req, "kuscia-host")) || header(req, "host");
    return raw.replace(/:\d+$/, "").toLowerCase();
}

/** Envoy's answer for a virtual host it has no route to. */
export function serviceNotFound(res: http.ServerResponse, host: string, headers: http.OutgoingHttpHeaders = {}): void {
    res.writeHead(404, {
        "kuscia-error-message-internal": `Service "${host}" not found.`,
        ...headers,
        "content-length": 0,
    });
    res.end();
}

/** The PSI exchange's endpoints on a partner (psi.ts), as the node's service `kuscia-sim-psi` serves them. */
export interface PsiEndpoints {
    readonly store: Store;
    readonly self: string;
    readonly psi: Psi;
    /** Where this node keeps its copy of the initiator's job: none in 0.3, whose KusciaJobs are cluster-scoped. */
    readonly jobNamespace?: string;
    /** Runs before the node takes part in a PSI request; an answer refuses it (HTTP 500). */
    readonly admit: (source: string, request: PsiRequest) => unknown;
    /** 1.1: the initiator may tell that the job failed before any PSI request (FAILED_PATH). */
    readonly takesFailures: boolean;
}

export interface ExternalListener {
    readonly self: string;
    /** Serves kuscia-handshake.SELF.svc, which token auth lets through. */
    readonly handshake: (req: http.IncomingMessage, res: http.ServerResponse, host: string) => void;
    /** kuscia-envoy's kuscia_token_auth: whether Kuscia-Source may send into this node with Kuscia-Token. */
    readonly tokenAuthAccepts: (source: string, token: string) => boolean;
    readonly unauthorized: (req: http.IncomingMessage, res: http.ServerResponse) => void;
    readonly serviceNotFound: (res: http.ServerResponse, host: string) => void;
    readonly psi: PsiEndpoints;
}

/**
 * The external listener above TLS: the host is taken from Kuscia-Host; the handshake service is answered
 * without token auth; everything else must pass the token-auth filter and then goes to the node's
 * services, where an unknown service is a 404.
 */
export function handleExternal(x: ExternalListener): http.RequestListener {
    return async (req, res) => {
        const host = requestHost(req, true);
        if (host === handshakeHost(x.self)) return x.handshake(req, res, host);
        const source = header(req, "kuscia-source");
        if (!x.tokenAuthAccepts(source, header(req, "kuscia-token"))) {
            log(
                `gateway: token auth refused Kuscia-Source '${source}' from ${req.socket.remoteAddress} ` +
                    `(${req.method} ${host}${req.url})`,
            );
            return x.unauthorized(req, res);
        }
        if (host !== `${PSI_SERVICE}.${x.self}.svc`) return x.serviceNotFound(res, host);
        await servePsi(x.psi, source, req, res);
    };
}

async function servePsi(
    p: PsiEndpoints,
    source: string,
    req: http.IncomingMessage,
    res: http.ServerResponse,
): Promise<void> {
    try {
        if (req.method === "POST" && req.url === REQUEST_PATH) {
            const body = (await readJson(req)) as PsiRequest;
            const refused = p.admit(source, body);
            if (refused) return sendJson(res, 500, refused);
            mirrorJob(p.store, source, body.job, body.jobSpec, "Running", "", p.jobNamespace);
            const reply = await p.psi.onRequest(source, body);
            const error = (reply.body as any)?.error;
            const phase = reply.status === 200 ? "Succeeded" : "Failed";
            mirrorJob(p.store, source, body.job, body.jobSpec, phase, error ?? "", p.jobNamespace);
            sendJson(res, reply.status, reply.body);
        } else if (req.method === "POST" && req.url === HASHES_PATH) {
            const reply = p.psi.onHashes(source, await readJson(req));
            sendJson(res, reply.status, reply.body);
        } else if (p.takesFailures && req.method === "POST" && req.url === FAILED_PATH) {
            const body = (await readJson(req)) as PsiRequest;
            if (body.initiator !== source || (body.jobSpec as any)?.initiator !== source) {
                return sendJson(res, 403, { error: `${p.self}: ${source} is not the initiator of job ${body.job}` });
            }
            mirrorJob(p.store, source, body.job, body.jobSpec, "Failed", "", p.jobNamespace);
            sendJson(res, 200, {});
        } else {
            sendJson(res, 404, { error: `${p.self}: no route for ${req.method} ${req.url}` });
        }
    } catch (e: any) {
        sendJson(res, 400, { error: `${p.self}: ${e.message}` });
    }
}

export interface InternalListener {
    readonly self: string;
    /** Serves the request when it is for the node's own handshake service; false when it is not. */
    readonly handshake: (req: http.IncomingMessage, res: http.ServerResponse, host: string) => boolean;
    /** `SERVICE.PEER.svc`, with the peer's domain id as the generation's routes take it. */
    readonly partnerHost: RegExp;
    /** The way out through the DomainRoute SELF-PEER (peer-link.ts). */
    readonly send: PeerSender;
    /** The partner's reply headers passed back besides content-type. */
    readonly passedHeaders: readonly string[];
    /** Envoy's 503 for a route whose upstream fails, `body` its reason. */
    readonly unavailable: (res: http.ServerResponse, body: string) => void;
}

/**
 * The internal listener: a request for `SERVICE.PEER.svc` travels through the DomainRoute SELF-PEER to
 * the peer's gateway with Kuscia's headers; the node's own handshake service answers here too; a host
 * with no route is a 404 (internal_route.json.tmpl's default route), a failed upstream a 503.
 */
export function handleInternal(x: InternalListener): http.RequestListener {
    return (req, res) => {
        const host = requestHost(req, false);
        if (x.handshake(req, res, host)) return;
        const m = x.partnerHost.exec(host);
        if (!m || m[2] === x.self) return serviceNotFound(res, host);
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", async () => {
            const headers: http.OutgoingHttpHeaders = {};
            if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
            try {
                const reply = await x.send(m[2], {
                    method: req.method ?? "GET",
                    path: req.url ?? "/",
                    service: m[1],
                    headers,
                    body: Buffer.concat(chunks),
                    timeoutMs: FORWARD_TIMEOUT_MS,
                });
                const out: http.OutgoingHttpHeaders = { "content-type": reply.headers["content-type"] ?? "text/plain" };
                for (const h of x.passedHeaders) if (reply.headers[h]) out[h] = reply.headers[h];
                res.writeHead(reply.status, out);
                res.end(reply.text);
            } catch (e) {
                if (!(e instanceof LinkError)) throw e;
                log(`gateway: ${e.message}`);
                if (e.missing) serviceNotFound(res, host);
                else x.unavailable(res, e.envoy);
            }
        });
    };
}
