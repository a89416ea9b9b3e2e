import { Generation } from "../common/generation";
import { ApiError } from "../store/admission";
import { kindOf } from "../store/kinds";
import { KObject } from "../store/object";
import { Store } from "../store/store";
import { log } from "./log";
import { ensureNamespace } from "./namespaces";
import { Requeue } from "./requeue";

const DOMAIN = kindOf("Domain")!;
const NAMESPACE = kindOf("Namespace")!;
// pkg/common/constants.go, the same at both tags.
const DOMAIN_NAME_LABEL = "kuscia.secretflow/domain-name";
const ROLE_LABEL = "kuscia.secretflow/role";
const PROTOCOL_LABEL = "kuscia.secretflow/interconn-protocols";
const DELETED_LABEL = "kuscia.secretflow/deleted";

/**
 * The Domain controller's namespace step (pkg/controllers/domain/namespace.go, controller.go, the same
 * in 0.3.0b0 and 1.1.0b0): every Domain gets a Namespace of its name, labelled with the domain's name,
 * role and first interconn protocol; the namespace of a deleted Domain stays, labelled deleted. A
 * Namespace the API server refuses (a domain id with a dot is no RFC 1123 label) fails the Domain's
 * sync before anything else is made for it, and the sync is retried as the controller's queue retries it.
 */
export class DomainNamespaces {
    private readonly queue: Requeue;

    constructor(
        private readonly store: Store,
        generation: Generation,
    ) {
        this.queue = new Requeue("domain-controller", generation);
    }

    /** For Kuscia 0.3, whose controller does nothing else the sim follows. */
    tick(now = Date.now()): void {
        const domains = this.store.list(DOMAIN);
        for (const domain of domains) this.sync(domain, now);
        this.markDeleted(domains);
    }

    /** createNamespace or updateNamespace; false while the Domain's namespace does not exist. */
    sync(domain: KObject, now = Date.now()): boolean {
        const name = domain.metadata.name;
        const existing = this.store.get(NAMESPACE, undefined, name);
        if (existing) {
            const labels = domainLabels(domain, existing.metadata.labels ?? {});
            if (JSON.stringify(labels) !== JSON.stringify(existing.metadata.labels ?? {})) {
                this.store.update(NAMESPACE, undefined, name, o => (o.metadata.labels = labels));
            }
            this.queue.succeeded(name);
            return true;
        }
        if (!this.queue.due(name, domain.metadata.resourceVersion, now)) return false;
        const start = performance.now();
        log(`Create domain namespace ${name}`);
        try {
            ensureNamespace(this.store, name, domainLabels(domain, {}));
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            log(`Create domain ${name} namespace failed: ${e.message}`);
            this.queue.failed(name, domain.metadata.resourceVersion, e.message, now, performance.now() - start);
            return false;
        }
        this.queue.succeeded(name);
        return true;
    }

    /** deleteNamespace for each domain namespace whose Domain is gone. */
    markDeleted(domains: KObject[]): void {
        const names = new Set(domains.map(d => d.metadata.name));
        for (const ns of this.store.list(NAMESPACE)) {
            const labels = ns.metadata.labels ?? {};
            if (!(DOMAIN_NAME_LABEL in labels) || names.has(ns.metadata.name) || labels[DELETED_LABEL]) continue;
            log(`Delete domain namespace ${ns.metadata.name}`);
            this.store.update(
                NAMESPACE,
                undefined,
                ns.metadata.name,
                o => (o.metadata.labels = { ...labels, [DELETED_LABEL]: "true" }),
            );
        }
    }
}

/** createNamespace's labels, or updateNamespace's changes to `current`. */
function domainLabels(domain: KObject, current: Record<string, string>): Record<string, string> {
    const labels = { ...current };
    delete labels[DELETED_LABEL];
    labels[DOMAIN_NAME_LABEL] ??= domain.metadata.name;
    const role = domain.spec?.role;
    const protocol = Array.isArray(domain.spec?.interConnProtocols) ? domain.spec.interConnProtocols[0] : undefined;
    for (const [label, value] of [
        [ROLE_LABEL, role],
        [PROTOCOL_LABEL, protocol],
    ] as const) {
        if (value) labels[label] = String(value);
        else delete labels[label];
    }
    return labels;
}
