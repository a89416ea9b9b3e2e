import * as crypto from "crypto";
import { publicKeyField } from "../../common/keys";
import { log } from "../../daemon/log";
import { API_VERSION, kindOf } from "../../store/kinds";
import { KObject, kubeTime } from "../../store/object";
import { Store } from "../../store/store";
import { healthCheckMs } from "./health-check";
import { controllerRef, isControlledBy } from "./owner";
import { RouteToken, routeTokens } from "./route-tokens";

const DOMAIN = kindOf("Domain")!;
const CDR = kindOf("ClusterDomainRoute")!;
const DOMAIN_ROUTE = kindOf("DomainRoute")!;
const INTEROP = kindOf("InteropConfig")!;

export const SOURCE_LABEL = "kuscia.secretflow/clusterdomainroute-source";
export const DESTINATION_LABEL = "kuscia.secretflow/clusterdomainroute-destination";
/** Spelled as Kuscia spells it (pkg/common/constants.go LabelDomainRoutePartner). */
export const PARTNER_LABEL = "kuscia.secertflow/domainroute-partner";

/**
 * The ClusterDomainRoute controller of Kuscia 1.1.0b0 (pkg/controllers/clusterdomainroute/controller.go
 * syncHandler): labels, the two public keys from the Domains' certificates, the DomainRoute of the
 * same name in each namespace that is not a partner's, the Ready condition and token lists from
 * those DomainRoutes, and the InteropConfig SELF-2-PARTNER once the outbound route has tokens.
 */
export class CdrController {
    constructor(private readonly store: Store) {}

    tick(): void {
        for (const cdr of this.store.list(CDR)) {
            try {
                this.reconcile(cdr);
            } catch (e: any) {
                log(`clusterdomainroute ${cdr.metadata.name}: ${e.message}`);
            }
        }
    }

    private reconcile(cdr: KObject): void {
        const name = cdr.metadata.name;
        const source = this.store.get(DOMAIN, undefined, String(cdr.spec?.source ?? ""));
        const destination = this.store.get(DOMAIN, undefined, String(cdr.spec?.destination ?? ""));
        // getDomainRole: both Domains must exist, else the CDR waits.
        if (!source || !destination) return;
        const sourcePartner = source.spec?.role === "partner";
        const destPartner = destination.spec?.role === "partner";

        const labels: Record<string, string> = {
            [SOURCE_LABEL]: cdr.spec.source,
            [DESTINATION_LABEL]: cdr.spec.destination,
        };
        if (sourcePartner) labels[PARTNER_LABEL] = cdr.spec.source;
        else if (destPartner) labels[PARTNER_LABEL] = cdr.spec.destination;
        cdr =
            this.changeCdr(name, o => {
                if (Object.entries(labels).every(([k, v]) => o.metadata.labels?.[k] === v)) return false;
                o.metadata.labels = { ...(o.metadata.labels ?? {}), ...labels };
                return true;
            }) ?? cdr;

        if (
            cdr.spec?.tokenConfig?.tokenGenMethod === "RSA-GEN" ||
            cdr.spec?.tokenConfig?.tokenGenMethod === "UID-RSA"
        ) {
            const srcPub = publicKeyOf(source);
            const destPub = publicKeyOf(destination);
            cdr =
                this.changeCdr(name, o => {
                    let changed = false;
                    if (srcPub && o.spec.tokenConfig.sourcePublicKey !== srcPub) {
                        o.spec.tokenConfig.sourcePublicKey = srcPub;
                        changed = true;
                    }
                    if (destPub && o.spec.tokenConfig.destinationPublicKey !== destPub) {
                        o.spec.tokenConfig.destinationPublicKey = destPub;
                        changed = true;
                    }
                    return changed;
                }) ?? cdr;
        }

        const srcdr = sourcePartner ? undefined : this.ensureDomainRoute(cdr, cdr.spec.source);
        const destdr = destPartner ? undefined : this.ensureDomainRoute(cdr, cdr.spec.destination);
        cdr = this.syncStatus(cdr, srcdr, destdr);
        this.checkInteropConfig(cdr, sourcePartner, destPartner, destination);
    }

    /** Applies `change` to the stored CDR when it says it changed something; returns the new object. */
    private changeCdr(name: string, change: (o: KObject) => boolean): KObject | undefined {
        const o = this.store.get(CDR, undefined, name);
        if (!o || !change(o)) return undefined;
        return this.store.put(CDR, o);
    }

    /** clusterdomainroute/domainroute.go checkDomainRoute, newDomainRoute. */
    private ensureDomainRoute(cdr: KObject, namespace: string): KObject | undefined {
        const name = cdr.metadata.name;
        const dr = this.store.get(DOMAIN_ROUTE, namespace, name);
        if (!dr) {
            log(`Not found domainroute ${namespace}/${name}, so create it`);
            return this.store.put(DOMAIN_ROUTE, {
                apiVersion: API_VERSION,
                kind: "DomainRoute",
                metadata: {
                    name,
                    namespace,
                    labels: { ...(cdr.metadata.labels ?? {}) },
                    ownerReferences: [controllerRef(cdr)],
                },
                spec: clone(cdr.spec),
                status: {},
            });
        }
        if (!isControlledBy(dr, cdr))
            throw new Error(
                `DomainRoute ${name} already exists in namespace ${namespace} and is not managed by ClusterDomainRoute`,
            );
        if (
            stable(dr.spec) !== stable(cdr.spec) ||
            stable(dr.metadata.labels ?? {}) !== stable(cdr.metadata.labels ?? {})
        ) {
            dr.spec = clone(cdr.spec);
            dr.metadata.labels = { ...(cdr.metadata.labels ?? {}) };
            return this.store.put(DOMAIN_ROUTE, dr);
        }
        return dr;
    }

    /** clusterdomainroute/domainroute.go syncStatusFromDomainroute, reason for reason. */
    private syncStatus(cdr: KObject, srcdr: KObject | undefined, destdr: KObject | undefined): KObject {
        const status = clone(cdr.status ?? {});
        status.tokenStatus = status.tokenStatus ?? {};
        let needUpdate = false;
        const wasReady = isReady(status);
        const srcTokens = srcdr ? routeTokens(srcdr) : [];
        const srcUnreachable = srcdr?.status?.isDestinationUnreachable === true;
        const srcTokenChanged = !!srcdr && stable(status.tokenStatus.sourceTokens ?? []) !== stable(srcTokens);
        const srcStatusChanged = !!srcdr && !srcUnreachable !== wasReady;

        setCondition(status, "True", "", "Success");
        if (srcTokenChanged || srcStatusChanged) {
            // Go's omitempty: an empty token list is no field at all.
            status.tokenStatus.sourceTokens = srcTokens.length ? srcTokens : undefined;
            needUpdate = true;
            if (srcTokens.length === 0) {
                if (!srcdr!.status?.isDestinationAuthorized)
                    setCondition(status, "False", "DestinationIsNotAuthrized", "TokenNotGenerate");
                else setCondition(status, "False", "TokenNotGenerate", "TokenNotGenerate");
            } else if (srcUnreachable) {
                setCondition(status, "False", "DestinationUnreachable", "DestinationUnreachable");
            }
        }
        if (destdr && stable(status.tokenStatus.destinationTokens ?? []) !== stable(routeTokens(destdr))) {
            const destTokens = routeTokens(destdr);
            status.tokenStatus.destinationTokens = destTokens.length ? destTokens : undefined;
            needUpdate = true;
            if (destTokens.length === 0) setCondition(status, "False", "TokenNotGenerate", "TokenNotGenerate");
        }
        if (isReady(status) && heartbeatTimedOut(status.tokenStatus.destinationTokens ?? [])) {
            setCondition(status, "False", "HeartBeatTimeout", "HeartBeatTimeout");
            needUpdate = true;
        }
        if (!needUpdate) return cdr;
        const s: RouteToken[] = status.tokenStatus.sourceTokens ?? [];
        const d: RouteToken[] = status.tokenStatus.destinationTokens ?? [];
        if (s.length && d.length && s[s.length - 1].revision !== d[d.length - 1].revision)
            setCondition(status, "False", "TokenRevisionNotMatch", "TokenRevisionNotMatch");
        const latest = this.store.get(CDR, undefined, cdr.metadata.name);
        if (!latest || stable(latest.status ?? {}) === stable(clone(status))) return latest ?? cdr;
        const before = readyOf(latest.status ?? {});
        latest.status = status;
        const after = readyOf(status);
        if (before?.status !== after?.status || before?.reason !== after?.reason)
            log(
                `ClusterDomainRoute ${cdr.metadata.name} update status ` +
                    `(Ready ${readyOf(status)?.status} ${readyOf(status)?.reason ?? ""})`,
            );
        return this.store.put(CDR, latest);
    }

    /**
     * clusterdomainroute/interconn.go checkInteropConfig: for an outbound route to a kuscia partner, once it has
     * tokens.
     */
    private checkInteropConfig(cdr: KObject, sourcePartner: boolean, destPartner: boolean, destination: KObject): void {
        const name = `${cdr.spec.source}-2-${cdr.spec.destination}`;
        const existing = this.store.get(INTEROP, undefined, name);
        const needed =
            !sourcePartner &&
            destPartner &&
            destination.spec?.master === destination.metadata.name &&
            cdr.spec.interConnProtocol !== "bfia";
        if (!needed) {
            if (existing) this.store.delete(INTEROP, undefined, name);
            return;
        }
        const timeToCreate =
            cdr.spec.authenticationType !== "Token" || (cdr.status?.tokenStatus?.sourceTokens ?? []).length > 0;
        if (existing || !timeToCreate) return;
        this.store.put(INTEROP, {
            apiVersion: API_VERSION,
            kind: "InteropConfig",
            metadata: { name, ownerReferences: [controllerRef(cdr)] },
            spec: { host: cdr.spec.destination, members: [cdr.spec.source] },
        });
        log(`Create InteropConfig(${name}) success`);
    }
}

function publicKeyOf(domain: KObject): string {
    const cert = String(domain.spec?.cert ?? "");
    if (!cert) return "";
    try {
        return publicKeyField(new crypto.X509Certificate(Buffer.from(cert, "base64")));
    } catch {
        return "";
    }
}

function readyOf(status: any): any {
    return (status.conditions ?? []).find((c: any) => c.type === "Ready");
}

function isReady(status: any): boolean {
    return readyOf(status)?.status === "True";
}

/** setCondition: a condition of the same status is left as it is (its times and reason too). */
function setCondition(status: any, value: "True" | "False", reason: string, message: string): void {
    const t = kubeTime();
    const condition = { type: "Ready", status: value, lastUpdateTime: t, lastTransitionTime: t, reason, message };
    status.conditions = status.conditions ?? [];
    const i = status.conditions.findIndex((c: any) => c.type === "Ready");
    if (i < 0) status.conditions.push(condition);
    else if (status.conditions[i].status !== value) status.conditions[i] = condition;
}

/** IsTokenHeartBeatTimeout: every ready token that has a heartbeat is older than two health-check periods. */
function heartbeatTimedOut(tokens: RouteToken[]): boolean {
    const ready = tokens.filter(t => t.isReady);
    const beats = ready.filter(t => t.heartBeatTime).map(t => Date.parse(t.heartBeatTime!));
    if (beats.length === 0) return false;
    return beats.every(b => Date.now() - b > 2 * healthCheckMs());
}

function clone<T>(v: T): T {
    return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function stable(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
    if (v && typeof v === "object")
        return `{${Object.keys(v)
            .sort()
            .map(k => `${JSON.stringify(k)}:${stable((v as any)[k])}`)
            .join(",")}}`;
    return JSON.stringify(v);
}
