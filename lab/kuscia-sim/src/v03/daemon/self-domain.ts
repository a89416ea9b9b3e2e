import { log } from "../../daemon/log";
import { ensureNamespace } from "../../daemon/namespaces";
import { API_VERSION, kindOf } from "../../store/kinds";
import { Store } from "../../store/store";

const DOMAIN = kindOf("Domain")!;

/**
 * Kuscia 0.3's namespace for the node's own domain, made before its Domain (cmd/kuscia/autonomy/autonomy.go
 * createDefaultNamespace); the API server's refusal ends the node.
 */
export function createDefaultNamespace(store: Store, self: string): void {
    log(`create domain namespace ${self} for autonomy`);
    ensureNamespace(store, self);
}

/** The node's own Domain, as start_autonomy.sh applies it (no cert). */
export function ensureSelfDomain(store: Store, self: string): void {
    if (store.get(DOMAIN, undefined, self)) return;
    store.put(DOMAIN, { apiVersion: API_VERSION, kind: "Domain", metadata: { name: self }, spec: { cert: "" } });
}
