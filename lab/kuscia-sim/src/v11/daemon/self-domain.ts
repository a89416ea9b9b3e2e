import { API_VERSION, kindOf } from "../../store/kinds";
import { Store } from "../../store/store";

const DOMAIN = kindOf("Domain")!;

/**
 * The node's own Domain with spec.cert = base64(domain.crt), updated when it differs (cmd/kuscia/modules/k3s.go
 * createDefaultDomain).
 */
export function ensureSelfDomain(store: Store, self: string, domainCert: string): void {
    const cert = Buffer.from(domainCert).toString("base64");
    const existing = store.get(DOMAIN, undefined, self);
    if (!existing) {
        store.put(DOMAIN, { apiVersion: API_VERSION, kind: "Domain", metadata: { name: self }, spec: { cert } });
    } else if (existing.spec?.cert !== cert) {
        existing.spec = { ...(existing.spec ?? {}), cert };
        store.put(DOMAIN, existing);
    }
}
