import * as crypto from "crypto";
import { kusciaNow } from "../../daemon/clock";
import { DomainNamespaces } from "../../daemon/domain-namespaces";
import { log } from "../../daemon/log";
import { API_VERSION, kindOf } from "../../store/kinds";
import { KObject } from "../../store/object";
import { Store } from "../../store/store";
import { controllerRef } from "./owner";

const DOMAIN = kindOf("Domain")!;
const CDR = kindOf("ClusterDomainRoute")!;
export const DOMAIN_AUTH_LABEL = "kuscia.secretflow/domain-auth";
const ROLLING_UPDATE_SECONDS = 86400;

/**
 * The Domain controller (pkg/controllers/domain/controller.go create, update): first the Domain's
 * namespace (DomainNamespaces; while it cannot be made, nothing else is), then the authorization step
 * (authorization_resource.go createOrUpdateAuth), once per Domain until it is labelled
 * domain-auth=completed: a Domain with an authCenter (a p2p kuscia partner whose master is itself, or
 * any non-partner) gets the inbound ClusterDomainRoute DOMAIN-SELF owned by it; a partner without a
 * master gets itself as master. A deleted inbound route is therefore not made again.
 */
export class DomainController {
    private readonly namespaces: DomainNamespaces;

    constructor(
        private readonly store: Store,
        private readonly self: string,
    ) {
        this.namespaces = new DomainNamespaces(store, "1.1");
    }

    tick(): void {
        const domains = this.store.list(DOMAIN);
        this.namespaces.markDeleted(domains);
        for (const domain of domains) {
            if (!this.namespaces.sync(domain, kusciaNow())) continue;
            if (domain.metadata.labels?.[DOMAIN_AUTH_LABEL] === "completed") continue;
            const spec = domain.spec ?? {};
            const kusciaPartner =
                spec.role === "partner" &&
                Array.isArray(spec.interConnProtocols) &&
                spec.interConnProtocols[0] === "kuscia";
            const lite = kusciaPartner && spec.master && spec.master !== domain.metadata.name;
            if (!lite && spec.authCenter) this.createInboundRoute(domain);
            this.store.update(DOMAIN, undefined, domain.metadata.name, o => {
                o.metadata.labels = { ...(o.metadata.labels ?? {}), [DOMAIN_AUTH_LABEL]: "completed" };
                if (!o.spec?.master && o.spec?.role === "partner") o.spec.master = o.metadata.name;
            });
            log(`Domain [${domain.metadata.name}] auth init completed`);
        }
    }

    private createInboundRoute(domain: KObject): void {
        const name = `${domain.metadata.name}-${this.self}`;
        if (this.store.get(CDR, undefined, name)) return;
        const auth = domain.spec.authCenter;
        this.store.put(CDR, {
            apiVersion: API_VERSION,
            kind: "ClusterDomainRoute",
            metadata: { name, ownerReferences: [controllerRef(domain)] },
            spec: {
                source: domain.metadata.name,
                destination: this.self,
                interConnProtocol: domain.spec.interConnProtocols?.[0] || "kuscia",
                authenticationType: auth.authenticationType,
                tokenConfig: { tokenGenMethod: auth.tokenGenMethod, rollingUpdatePeriod: ROLLING_UPDATE_SECONDS },
                // The domain's k3s service-account token (resources.CreateServiceToken); here a stand-in of its shape.
                requestHeadersToAdd: { Authorization: `Bearer ${serviceAccountToken(domain.metadata.name)}` },
            },
        });
        log(`Create clusterDomainRoute [${name}] success`);
    }
}

function serviceAccountToken(domain: string): string {
    const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    return [
        part({ alg: "RS256", kid: crypto.randomBytes(8).toString("hex") }),
        part({ sub: `system:serviceaccount:${domain}:${domain}` }),
        crypto.randomBytes(32).toString("base64url"),
    ].join(".");
}
