import * as crypto from "crypto";
import * as net from "net";
import { readJson, sendJson } from "../../daemon/http-io";
import { ApiTls, failure, noRoute, OK, readToken, startKusciaApi as serveKusciaApi } from "../../daemon/kusciaapi";
import { API_VERSION, kindOf } from "../../store/kinds";
import { Store } from "../../store/store";
import { certsDir } from "../paths";
import { controllerRef } from "./owner";

const DOMAIN = kindOf("Domain")!;
const DOMAIN_DATA = kindOf("DomainData")!;
const GRANT = kindOf("DomainDataGrant")!;
const CDR = kindOf("ClusterDomainRoute")!;
/** pkg/kusciaapi/errorcode/error_code.go: a missing object's code. */
const ROUTE_NOT_EXISTS = 11404;
const DOMAIN_NOT_EXISTS = 11305;
const REQUEST_VALIDATE = 11100;
const K8S_NAME = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;

/**
 * KusciaAPI's HTTP port 8082 (cmd/kuscia/modules/kusciaapi.go): the calls of Kuscia 1.1's
 * docs/deployment/Docker_deployment_kuscia/deploy_p2p_cn.md and of the library. With NOTLS (`t` undefined)
 * neither a client certificate nor the token is asked for.
 */
export function startKusciaApi(
    store: Store,
    self: string,
    t: ApiTls | undefined,
    host: string,
    port: number,
): Promise<net.Server> {
    return serveKusciaApi(
        t,
        () => readToken(certsDir()),
        host,
        port,
        async (req, res) => {
            const body = await readJson(req);
            const route = ROUTES[`${req.method} ${req.url}`];
            if (!route) return noRoute(req, res);
            sendJson(res, 200, route(store, self, body));
        },
    );
}

type Route = (store: Store, self: string, body: any) => unknown;

const ROUTES: Record<string, Route> = {
    /** pkg/kusciaapi/service/domaindata_grant.go CreateDomainDataGrant. */
    "POST /api/v1/domaindatagrant/create": (store, _self, b) => {
        const domain = String(b.domain_id ?? "");
        const data = String(b.domaindata_id ?? "");
        const grantDomain = String(b.grant_domain ?? "");
        if (!grantDomain) return failure(REQUEST_VALIDATE, "grantdomain can't be null");
        if (grantDomain === domain) return failure(REQUEST_VALIDATE, "grantdomain can't be self");
        if (!data) return failure(REQUEST_VALIDATE, "domaindata can't be null");
        if (!K8S_NAME.test(domain)) return failure(REQUEST_VALIDATE, `domain_id [${domain}] is invalid`);
        if (!K8S_NAME.test(data)) return failure(REQUEST_VALIDATE, `domaindata_id [${data}] is invalid`);
        const dd = store.get(DOMAIN_DATA, domain, data);
        if (!dd) return failure(REQUEST_VALIDATE, `domaindata [${data}] not exists`);
        const id = String(b.domaindatagrant_id || `domaindatagrant-${crypto.randomUUID()}`);
        if (store.get(GRANT, domain, id))
            return failure(11901, `CreateDomainDataGrant failed, because domaindatagrant ${id} is exist`);
        store.put(GRANT, {
            apiVersion: API_VERSION,
            kind: "DomainDataGrant",
            metadata: {
                name: id,
                namespace: domain,
                labels: { "kuscia.secretflow/domaindatagrant-domain": grantDomain },
                ownerReferences: [controllerRef(dd)],
            },
            spec: {
                author: domain,
                domainDataID: data,
                grantDomain,
                description: b.description ?? {},
                signature: b.signature ?? "",
            },
        });
        return { status: OK, data: { domaindatagrant_id: id } };
    },
    "POST /api/v1/domaindatagrant/query": (store, _self, b) => {
        const g = store.get(GRANT, String(b.domain_id ?? ""), String(b.domaindatagrant_id ?? ""));
        if (!g) return failure(11903, `domaindatagrants.kuscia.secretflow "${b.domaindatagrant_id ?? ""}" not found`);
        return {
            status: OK,
            data: {
                domaindatagrant_id: g.metadata.name,
                data: { author: g.spec.author, domaindata_id: g.spec.domainDataID, grant_domain: g.spec.grantDomain },
            },
        };
    },
    /**
     * pkg/kusciaapi/service/domain_route_service.go DeleteDomainRoute: the ClusterDomainRoute SOURCE-DESTINATION, a
     * revoke.
     */
    "POST /api/v1/route/delete": (store, _self, b) => {
        const problem = routeProblem(b);
        if (problem) return failure(REQUEST_VALIDATE, problem);
        const name = `${b.source}-${b.destination}`;
        if (!store.delete(CDR, undefined, name))
            return failure(ROUTE_NOT_EXISTS, `clusterdomainroutes.kuscia.secretflow "${name}" not found`);
        return { status: OK };
    },
    /** domain_route_service.go QueryDomainRoute, buildRouteStatus. */
    "POST /api/v1/route/query": (store, _self, b) => {
        const problem = routeProblem(b);
        if (problem) return failure(REQUEST_VALIDATE, problem);
        const name = `${b.source}-${b.destination}`;
        const cdr = store.get(CDR, undefined, name);
        if (!cdr) return failure(ROUTE_NOT_EXISTS, `clusterdomainroutes.kuscia.secretflow "${name}" not found`);
        const spec = cdr.spec ?? {};
        const ready = (cdr.status?.conditions ?? []).find((c: any) => c.type === "Ready");
        const t = spec.tokenConfig ?? {};
        return {
            status: OK,
            data: {
                name,
                authentication_type: spec.authenticationType,
                source: b.source,
                destination: b.destination,
                endpoint: {
                    host: spec.endpoint?.host ?? "",
                    ports: (spec.endpoint?.ports ?? []).map((p: any) => ({
                        name: p.name,
                        port: p.port,
                        protocol: p.protocol,
                        path_prefix: p.pathPrefix,
                        isTLS: p.isTLS,
                    })),
                },
                token_config:
                    spec.authenticationType === "Token"
                        ? {
                              destination_public_key: t.destinationPublicKey ?? "",
                              rolling_update_period: String(t.rollingUpdatePeriod ?? 0),
                              source_public_key: t.sourcePublicKey ?? "",
                              token_gen_method: t.tokenGenMethod ?? "",
                          }
                        : null,
                mtls_config: null,
                status:
                    ready?.status === "True"
                        ? { status: "Succeeded", reason: "" }
                        : {
                              status: "Failed",
                              reason: ready
                                  ? `LastUpdateAt=${ready.lastUpdateTime}, Message=${ready.message}, Reason:${ready.reason}`
                                  : "",
                          },
            },
        };
    },
    /** A revoke of a partner: its inbound ClusterDomainRoute goes with it (garbage collection). */
    "POST /api/v1/domain/delete": (store, _self, b) => {
        if (!b.domain_id) return failure(REQUEST_VALIDATE, "domain id can not be empty");
        if (!store.delete(DOMAIN, undefined, String(b.domain_id)))
            return failure(DOMAIN_NOT_EXISTS, `domains.kuscia.secretflow "${b.domain_id}" not found`);
        return { status: OK };
    },
    "POST /api/v1/domain/query": (store, _self, b) => {
        const d = b.domain_id ? store.get(DOMAIN, undefined, String(b.domain_id)) : undefined;
        if (!d) return failure(DOMAIN_NOT_EXISTS, `domains.kuscia.secretflow "${b.domain_id ?? ""}" not found`);
        return {
            status: OK,
            data: {
                domain_id: d.metadata.name,
                role: d.spec?.role ?? "",
                cert: d.spec?.cert ?? "",
                annotations: d.metadata.annotations ?? {},
                auth_center: d.spec?.authCenter,
            },
        };
    },
};

/** domain_route_service.go validateDomainRouteRequest. */
function routeProblem(b: any): string | undefined {
    if (!b.source) return "source can not be empty";
    if (!b.destination) return "destination can not be empty";
    return undefined;
}
