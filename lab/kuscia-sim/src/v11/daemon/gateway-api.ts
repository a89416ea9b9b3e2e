import * as crypto from "crypto";
import * as http from "http";
import { appImageFailure, missingAppImage } from "../../daemon/app-image";
import { readJson, sendJson } from "../../daemon/http-json";
import { mirrorJob, now, putTask } from "../../daemon/jobs";
import { log } from "../../daemon/log";
import { FAILED_PATH, HASHES_PATH, Psi, PSI_SERVICE, PsiRequest, REQUEST_PATH } from "../../daemon/psi";
import { kindOf } from "../../store/kinds";
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
 * The external listener above TLS (etc/conf/domainroute/routes/external_route.json.tmpl,
 * listeners/external_listeners.json.tmpl): Kuscia-Host picks the virtual host; the handshake one has
 * token auth off; everything else needs a Kuscia-Source with a DomainRoute SOURCE-SELF and one of its
 * tokens as Kuscia-Token (kuscia-envoy's kuscia_token_auth), else Envoy's local 401 reply.
 */
export function externalHandler(c: GatewayContext): http.RequestListener {
  return async (req, res) => {
    const host = requestHost(req);
    if (host === `kuscia-handshake.${c.self}.svc`) {
      if ((req.url ?? "").split("?")[0] === "/handshake") return c.handshake.handle(req, res);
      return serviceNotFound(res, host);
    }
    const source = header(req, "kuscia-source");
    if (!tokenAuthAccepts(c, source, header(req, "kuscia-token"))) {
      log(`gateway: token auth refused Kuscia-Source '${source}' from ${req.socket.remoteAddress} (${req.method} ${host}${req.url})`);
      return unauthorized(c, req, res);
    }
    if (host !== `${PSI_SERVICE}.${c.self}.svc`) return serviceNotFound(res, host);
    try {
      if (req.method === "POST" && req.url === REQUEST_PATH) {
        const body = (await readJson(req)) as PsiRequest;
        const refused = body.initiator === source ? refuseWithoutAppImage(c, source, body) : undefined;
        if (refused) return sendJson(res, 500, refused);
        mirrorJob(c.store, source, body.job, body.jobSpec, "Running", "", CROSS_DOMAIN);
        const reply = await c.psi.onRequest(source, body);
        const error = (reply.body as any)?.error;
        mirrorJob(c.store, source, body.job, body.jobSpec, reply.status === 200 ? "Succeeded" : "Failed", error ?? "", CROSS_DOMAIN);
        sendJson(res, reply.status, reply.body);
      } else if (req.method === "POST" && req.url === HASHES_PATH) {
        const reply = c.psi.onHashes(source, await readJson(req));
        sendJson(res, reply.status, reply.body);
      } else if (req.method === "POST" && req.url === FAILED_PATH) {
        const body = (await readJson(req)) as PsiRequest;
        if (body.initiator !== source || (body.jobSpec as any)?.initiator !== source) {
          return sendJson(res, 403, { error: `${c.self}: ${source} is not the initiator of job ${body.job}` });
        }
        mirrorJob(c.store, source, body.job, body.jobSpec, "Failed", "", CROSS_DOMAIN);
        sendJson(res, 200, {});
      } else {
        sendJson(res, 404, { error: `${c.self}: no route for ${req.method} ${req.url}` });
      }
    } catch (e: any) {
      sendJson(res, 400, { error: `${c.self}: ${e.message}` });
    }
  };
}

/**
 * A 1.1 partner runs its own KusciaTask for its part (the job's copy makes one), so it needs the
 * task's AppImage in its own store too: without it that task fails as the initiator's would
 * (app-image.ts), its copy of the job fails, and the initiator's task fails on the partner's party.
 */
function refuseWithoutAppImage(c: GatewayContext, source: string, body: PsiRequest): { error: string; failedParty: string } | undefined {
  const spec: any = body.jobSpec;
  const task = Array.isArray(spec?.tasks) ? spec.tasks.find((t: any) => t?.taskID === body.task) : undefined;
  if (!task) return undefined;
  const name = missingAppImage(c.store, task);
  if (name === undefined) return undefined;
  const failure = appImageFailure("1.1", task, name, now());
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
  const body = JSON.stringify({ domain: c.self, instance: c.instance, kuscia: KUSCIA_VERSION, reason: "unauthorized." }) + "\n";
  const remote = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  res.writeHead(401, {
    "content-type": "text/plain",
    "content-length": Buffer.byteLength(body),
    "kuscia-error-message": `Domain ${c.self}.${c.instance}<--${remote} return http code 401.`,
    server: "kuscia-gateway",
  });
  res.end(body);
}

function serviceNotFound(res: http.ServerResponse, host: string): void {
  res.writeHead(404, { "kuscia-error-message-internal": `Service "${host}" not found.`, server: "kuscia-gateway", "content-length": 0 });
  res.end();
}

function header(req: http.IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

function requestHost(req: http.IncomingMessage): string {
  return (header(req, "kuscia-host") || header(req, "host")).replace(/:\d+$/, "").toLowerCase();
}
