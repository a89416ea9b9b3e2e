import { log } from "../../daemon/log";
import { kindOf } from "../../store/kinds";
import { Store } from "../../store/store";

/** The kinds whose objects the node's controllers give owners, and the cluster-scoped kinds that own them. */
const OWNED = ["ClusterDomainRoute", "DomainRoute", "InteropConfig"].map(k => kindOf(k)!);

/**
 * Kubernetes' garbage collector for the objects the controllers own: one whose owner (by uid) is
 * gone is deleted, so `kubectl delete domain bob` takes the inbound ClusterDomainRoute, and a
 * ClusterDomainRoute its DomainRoute and InteropConfig.
 */
export function collectGarbage(store: Store): void {
    for (const kind of OWNED) {
        for (const obj of store.list(kind)) {
            const refs: any[] = Array.isArray(obj.metadata.ownerReferences)
                ? (obj.metadata.ownerReferences as any[])
                : [];
            if (refs.length === 0) continue;
            const alive = refs.some(r => {
                const ownerKind = kindOf(String(r.kind));
                return ownerKind && store.get(ownerKind, undefined, String(r.name))?.metadata.uid === r.uid;
            });
            if (alive) continue;
            store.delete(kind, obj.metadata.namespace, obj.metadata.name);
            log(
                `garbage collector: deleted ${kind.kind} ` +
                    `${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ""}${obj.metadata.name} (owner gone)`,
            );
        }
    }
}
