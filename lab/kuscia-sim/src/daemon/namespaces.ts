import { kindOf } from "../store/kinds";
import { Store } from "../store/store";

const NAMESPACE = kindOf("Namespace")!;
/** The namespaces the API server makes for itself. */
const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

/**
 * Creates the Namespace unless it exists (AlreadyExists is no error); true when it made it. Throws the API server's
 * refusal.
 */
export function ensureNamespace(store: Store, name: string, labels?: Record<string, string>): boolean {
    if (store.get(NAMESPACE, undefined, name)) return false;
    store.put(NAMESPACE, { apiVersion: "v1", kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } });
    return true;
}

export function ensureSystemNamespaces(store: Store): void {
    for (const name of SYSTEM_NAMESPACES) ensureNamespace(store, name);
}
