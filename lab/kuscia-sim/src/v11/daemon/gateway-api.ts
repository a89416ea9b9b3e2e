import * as crypto from "crypto";
import * as http from "http";
import { appImageFailure, missingAppImage } from "../../daemon/app-image";
import { handleExternal, handleInternal, handshakeHost, serviceNotFound } from "../../daemon/gateway-listeners";
import { mirrorJob, putTask } from "../../daemon/jobs";
import { PeerSender } from "../../daemon/link";
import { log } from "../../daemon/log";
import { Psi, PsiRequest } from "../../daemon/psi";
import { kindOf } from "../../store/kinds";
import { kubeTime } from "../../store/object";
import { Store } from "../../store/store";
import { CROSS_DOMAIN } from "../cross-domain";
import { HandshakeServer } from "./handshake-server";
import { plainTokens } from "./route-tokens";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;
export const KUSCIA_VERSION = "v1.1.0b0";

export interface GatewayContext {
    readonly store: Store;
    readonly self: string;
    readonly key: crypto.KeyObject;
    /** The gateway instance (the container's hostname), as the 401 body names it. */
    readonly instance: string;
    readonly handshake: HandshakeServer;
    readonly psi: Psi;
}

/**
 * Kuscia 1.1.0b0's external listener above TLS (etc/conf/domainroute/routes/external_route.json.tmpl,
 * listeners/external_listeners.json.tmpl): the handshake's virtual host serves /handshake only; token auth
 * needs a Kuscia-Source with a DomainRoute SOURCE-SELF and one of its tokens as Kuscia-Token (kuscia-envoy's
 * kuscia_token_auth), else Envoy's local 401 reply. A partner keeps its copy of the job in cross-domain.
 */
export function externalHandler(c: GatewayContext): http.RequestListener {
    const notFound = (res: http.ServerResponse, host: string) =>
        serviceNotFound(res, host, { server: "kuscia-gateway" });
    return handleExternal({
        self: c.self,
        handshake: (req, res, host) => {
            if (isHandshake(req)) return c.handshake.handle(req, res);
            notFound(res, host);
        },
        tokenAuthAccepts: (source, token) => tokenAuthAccepts(c, source, token),
        unauthorized: (req, res) => unauthorized(c, req, res),
        serviceNotFound: notFound,
        psi: {
            store: c.store,
            self: c.self,
            psi: c.psi,
            jobNamespace: CROSS_DOMAIN,
            takesFailures: true,
            admit: (source, request) =>
                request.initiator === source ? refuseWithoutAppImage(c, source, request) : undefined,
        },
    });
}

/**
 * The internal listener (port 80, kuscia.sh maps it to 13081): partner traffic leaves through the token
 * route SELF-PEER (peer-link.ts sendThroughRoute); Envoy's 503 for a failed upstream has no content-length.
 */
export function internalHandler(self: string, send: PeerSender, handshake: HandshakeServer): http.RequestListener {
    return handleInternal({
        self,
        handshake: (req, res, host) => {
            if (host !== handshakeHost(self) || !isHandshake(req)) return false;
            handshake.handle(req, res);
            return true;
        },
        partnerHost: /^([a-z0-9-]+)\.([a-z0-9.-]+)\.svc$/,
        send,
        passedHeaders: ["kuscia-error-message", "kuscia-error-message-internal"],
        unavailable: (res, body) => {
            res.writeHead(503, { "content-type": "text/plain" });
            res.end(body);
        },
    });
}

const isHandshake = (req: http.IncomingMessage) => (req.url ?? "").split("?")[0] === "/handshake";

/**
 * A 1.1 partner runs its own KusciaTask for its part (the job's copy makes one), so it needs the
 * task's AppImage in its own store too: without it that task fails as the initiator's would
 * (app-image.ts), its copy of the job fails, and the initiator's task fails on the partner's party.
 */
function refuseWithoutAppImage(
    c: GatewayContext,
    source: string,
    body: PsiRequest,
): { error: string; failedParty: string } | undefined {
    const spec: any = body.jobSpec;
    const task = Array.isArray(spec?.tasks) ? spec.tasks.find((t: any) => t?.taskID === body.task) : undefined;
    if (!task) return undefined;
    const name = missingAppImage(c.store, task);
    if (name === undefined) return undefined;
    const failure = appImageFailure("1.1", task, name, kubeTime());
    mirrorJob(c.store, source, body.job, spec, "Failed", "", CROSS_DOMAIN);
    putTask(c.store, CROSS_DOMAIN, body.job, spec, task, "Failed", failure.message, failure.status);
    log(`task ${body.task}: ${failure.message}`);
    return { error: `${c.self}: ${failure.message}`, failedParty: c.self };
}

function tokenAuthAccepts(c: GatewayContext, source: string, token: string): boolean {
    if (!source || !token) return false;
    const dr = c.store.get(DOMAIN_ROUTE, c.self, `${source}-${c.self}`);
    if (!dr || dr.spec?.destination !== c.self) return false;
    return plainTokens(dr, c.key).includes(token);
}

function unauthorized(c: GatewayContext, req: http.IncomingMessage, res: http.ServerResponse): void {
    const body =
        JSON.stringify({ domain: c.self, instance: c.instance, kuscia: KUSCIA_VERSION, reason: "unauthorized." }) +
        "\n";
    const remote = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    res.writeHead(401, {
        "content-type": "text/plain",
        "content-length": Buffer.byteLength(body),
        "kuscia-error-message": `Domain ${c.self}.${c.instance}<--${remote} return http code 401.`,
        server: "kuscia-gateway",
    });
    res.end(body);
}
