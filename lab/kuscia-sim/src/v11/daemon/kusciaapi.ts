import * as crypto from "crypto";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as tls from "tls";
import { readJson, sendJson } from "../../daemon/http-io";
import { listen } from "../../daemon/listen";
import { API_VERSION, kindOf } from "../../store/kinds";
import { Store } from "../../store/store";
import { readApiToken } from "./certs";
import { controllerRef } from "./owner";

const DOMAIN = kindOf("Domain")!;
const DOMAIN_DATA = kindOf("DomainData")!;
const GRANT = kindOf("DomainDataGrant")!;
const CDR = kindOf("ClusterDomainRoute")!;
/** pkg/kusciaapi/errorcode/error_code.go: a missing object's code. */
const ROUTE_NOT_EXISTS = 11404;
const DOMAIN_NOT_EXISTS = 11305;
const OK = { code: 0, message: "success", details: [] };
const REQUEST_VALIDATE = 11100;
const K8S_NAME = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;

/** The server side of KusciaAPI: MTLS with the node's CA (kusciaapi-server.*) plus the Token header, or neither with NOTLS. */
export interface ApiTls {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

/** KusciaAPI's HTTP port 8082 (cmd/kuscia/modules/kusciaapi.go): the few calls the guide's flow makes. */
export function startKusciaApi(store: Store, self: string, t: ApiTls | undefined, host: string, port: number): Promise<net.Server> {
  const handler: http.RequestListener = async (req, res) => {
    if (t && (!readApiToken() || req.headers["token"] !== readApiToken())) {
      return sendJson(res, 401, { status: { code: 401, message: "unauthorized: the Token header does not match the node's token", details: [] } });
    }
    try {
      const body = await readJson(req);
      const route = ROUTES[`${req.method} ${req.url}`];
      if (!route) return sendJson(res, 404, { status: { code: 404, message: `no route for ${req.method} ${req.url}`, details: [] } });
      sendJson(res, 200, route(store, self, body));
    } catch (e: any) {
      sendJson(res, 400, { status: { code: 400, message: e.message, details: [] } });
    }
  };
  const server = t ? https.createServer({ key: t.key, cert: t.cert, ca: t.ca, requestCert: true, rejectUnauthorized: true }, handler) : http.createServer(handler);
  return listen(server, host, port);
}

/** The gRPC port 8083: a listener with the same TLS (no gRPC service behind it). */
export function startKusciaApiGrpc(t: ApiTls | undefined, host: string, port: number): Promise<net.Server> {
  const hold = (socket: net.Socket) => socket.on("data", () => undefined);
  if (!t) return listen(net.createServer(hold), host, port);
  const server = tls.createServer({ key: t.key, cert: t.cert, ca: t.ca, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ["h2"] }, hold);
  server.on("tlsClientError", () => undefined);
  return listen(server, host, port);
}

type Route = (store: Store, self: string, body: any) => unknown;
const fail = (code: number, message: string) => ({ status: { code, message, details: [] } });

const ROUTES: Record<string, Route> = {
  /** pkg/kusciaapi/service/domaindata_grant.go CreateDomainDataGrant. */
  "POST /api/v1/domaindatagrant/create": (store, _self, b) => {
    const domain = String(b.domain_id ?? "");
    const data = String(b.domaindata_id ?? "");
    const grantDomain = String(b.grant_domain ?? "");
    if (!grantDomain) return fail(REQUEST_VALIDATE, "grantdomain can't be null");
    if (grantDomain === domain) return fail(REQUEST_VALIDATE, "grantdomain can't be self");
    if (!data) return fail(REQUEST_VALIDATE, "domaindata can't be null");
    if (!K8S_NAME.test(domain)) return fail(REQUEST_VALIDATE, `domain_id [${domain}] is invalid`);
    if (!K8S_NAME.test(data)) return fail(REQUEST_VALIDATE, `domaindata_id [${data}] is invalid`);
    const dd = store.get(DOMAIN_DATA, domain, data);
    if (!dd) return fail(REQUEST_VALIDATE, `domaindata [${data}] not exists`);
    const id = String(b.domaindatagrant_id || `domaindatagrant-${crypto.randomUUID()}`);
    if (store.get(GRANT, domain, id)) return fail(11901, `CreateDomainDataGrant failed, because domaindatagrant ${id} is exist`);
    store.put(GRANT, {
      apiVersion: API_VERSION, kind: "DomainDataGrant",
      metadata: { name: id, namespace: domain, labels: { "kuscia.secretflow/domaindatagrant-domain": grantDomain }, ownerReferences: [controllerRef(dd)] },
      spec: { author: domain, domainDataID: data, grantDomain, description: b.description ?? {}, signature: b.signature ?? "" },
    });
    return { status: OK, data: { domaindatagrant_id: id } };
  },
  "POST /api/v1/domaindatagrant/query": (store, _self, b) => {
    const g = store.get(GRANT, String(b.domain_id ?? ""), String(b.domaindatagrant_id ?? ""));
    if (!g) return fail(11903, `domaindatagrants.kuscia.secretflow "${b.domaindatagrant_id ?? ""}" not found`);
    return { status: OK, data: { domaindatagrant_id: g.metadata.name, data: { author: g.spec.author, domaindata_id: g.spec.domainDataID, grant_domain: g.spec.grantDomain } } };
  },
  /** pkg/kusciaapi/service/domain_route_service.go DeleteDomainRoute: the ClusterDomainRoute SOURCE-DESTINATION, a revoke. */
  "POST /api/v1/route/delete": (store, _self, b) => {
    const problem = routeProblem(b);
    if (problem) return fail(REQUEST_VALIDATE, problem);
    const name = `${b.source}-${b.destination}`;
    if (!store.delete(CDR, undefined, name)) return fail(ROUTE_NOT_EXISTS, `clusterdomainroutes.kuscia.secretflow "${name}" not found`);
    return { status: OK };
  },
  /** domain_route_service.go QueryDomainRoute, buildRouteStatus. */
  "POST /api/v1/route/query": (store, _self, b) => {
    const problem = routeProblem(b);
    if (problem) return fail(REQUEST_VALIDATE, problem);
    const name = `${b.source}-${b.destination}`;
    const cdr = store.get(CDR, undefined, name);
    if (!cdr) return fail(ROUTE_NOT_EXISTS, `clusterdomainroutes.kuscia.secretflow "${name}" not found`);
    const spec = cdr.spec ?? {};
    const ready = (cdr.status?.conditions ?? []).find((c: any) => c.type === "Ready");
    const t = spec.tokenConfig ?? {};
    return {
      status: OK,
      data: {
        name, authentication_type: spec.authenticationType, source: b.source, destination: b.destination,
        endpoint: { host: spec.endpoint?.host ?? "", ports: (spec.endpoint?.ports ?? []).map((p: any) => ({ name: p.name, port: p.port, protocol: p.protocol, path_prefix: p.pathPrefix, isTLS: p.isTLS })) },
        token_config: spec.authenticationType === "Token"
          ? { destination_public_key: t.destinationPublicKey ?? "", rolling_update_period: String(t.rollingUpdatePeriod ?? 0), source_public_key: t.sourcePublicKey ?? "", token_gen_method: t.tokenGenMethod ?? "" }
          : null,
        mtls_config: null,
        status: ready?.status === "True"
          ? { status: "Succeeded", reason: "" }
          : { status: "Failed", reason: ready ? `LastUpdateAt=${ready.lastUpdateTime}, Message=${ready.message}, Reason:${ready.reason}` : "" },
      },
    };
  },
  /** A revoke of a partner: its inbound ClusterDomainRoute goes with it (garbage collection). */
  "POST /api/v1/domain/delete": (store, _self, b) => {
    if (!b.domain_id) return fail(REQUEST_VALIDATE, "domain id can not be empty");
    if (!store.delete(DOMAIN, undefined, String(b.domain_id))) return fail(DOMAIN_NOT_EXISTS, `domains.kuscia.secretflow "${b.domain_id}" not found`);
    return { status: OK };
  },
  "POST /api/v1/domain/query": (store, _self, b) => {
    const d = b.domain_id ? store.get(DOMAIN, undefined, String(b.domain_id)) : undefined;
    if (!d) return fail(DOMAIN_NOT_EXISTS, `domains.kuscia.secretflow "${b.domain_id ?? ""}" not found`);
    return { status: OK, data: { domain_id: d.metadata.name, role: d.spec?.role ?? "", cert: d.spec?.cert ?? "", annotations: d.metadata.annotations ?? {}, auth_center: d.spec?.authCenter } };
  },
};

/** domain_route_service.go validateDomainRouteRequest. */
function routeProblem(b: any): string | undefined {
  if (!b.source) return "source can not be empty";
  if (!b.destination) return "destination can not be empty";
  return undefined;
}
