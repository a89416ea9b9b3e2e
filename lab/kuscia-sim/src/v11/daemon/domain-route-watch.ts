import { kindOf } from "../../store/kinds";
import { Store } from "../../store/store";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;

/**
 * The informers' view of the DomainRoutes in one namespace, polled: each poll returns the keys
 * (namespace/name) added, changed (any write: spec, labels, annotations, status) or deleted since the last.
 */
export class DomainRouteWatch {
    private seen = new Map<string, string>();

    constructor(
        private readonly store: Store,
        private readonly namespace: string,
    ) {}

    poll(): string[] {
        const now = new Map<string, string>();
        for (const dr of this.store.list(DOMAIN_ROUTE, this.namespace)) {
            now.set(`${this.namespace}/${dr.metadata.name}`, `${dr.metadata.uid}/${dr.metadata.resourceVersion}`);
        }
        const changed = [...now].filter(([k, v]) => this.seen.get(k) !== v).map(([k]) => k);
        const deleted = [...this.seen.keys()].filter(k => !now.has(k));
        this.seen = now;
        return [...changed, ...deleted];
    }

    list(): string[] {
        return this.store.list(DOMAIN_ROUTE, this.namespace).map(dr => `${this.namespace}/${dr.metadata.name}`);
    }

    /** A write of the poller's own whose event is folded into the one being handled. */
    saw(key: string, uid: string, resourceVersion: string): void {
        if (this.seen.has(key)) this.seen.set(key, `${uid}/${resourceVersion}`);
    }
}
