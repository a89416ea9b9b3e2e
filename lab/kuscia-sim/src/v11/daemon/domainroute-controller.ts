import { scaled, timeScale } from "../../daemon/clock";
import { log } from "../../daemon/log";
import { kindOf } from "../../store/kinds";
import { KObject, kubeTime } from "../../store/object";
import { Store } from "../../store/store";
import { tokenStatus } from "./route-tokens";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;
/**
 * pkg/controllers/domainroute/controller.go:43 domainRouteSyncPeriod: the informer's resync, and how long a token may
 * stay not ready.
 */
export const ROLL_PERIOD_MS = 2 * 60 * 1000;

/**
 * The master's DomainRoute controller (pkg/controllers/domainroute) for this node's token routes, on
 * every change of one and at each resync: a source route whose revision token is not ready more than
 * ROLL_PERIOD_MS after its revisionTime (a new route has none) is re-rolled, its revisionToken emptied
 * with revisionTime now and this gateway its initializer (check.go:134-139 needRollingToNext,
 * rolling.go:31-49 preRollingSourceDomainRoute); otherwise the initializer is made this gateway
 * (rolling.go:76-93 ensureInitializer). Rolling a ready token after rollingUpdatePeriod is not simulated.
 */
export class DomainRouteController {
    /**
     * The time of each re-roll, for a time scale under which the stored revisionTime's whole seconds are too coarse.
     */
    private readonly rolledAt = new Map<string, { stamp: string; ms: number }>();

    constructor(
        private readonly store: Store,
        private readonly gatewayName: string,
    ) {}

    /** Syncs one DomainRoute; returns it as written when the sync wrote it. */
    sync(key: string): KObject | undefined {
        const [namespace, name] = key.split("/");
        const dr = this.store.get(DOMAIN_ROUTE, namespace, name);
        const spec = dr?.spec ?? {};
        if (!dr || namespace !== spec.source || spec.authenticationType !== "Token" || !spec.tokenConfig)
            return undefined;
        if (!spec.tokenConfig.sourcePublicKey || !spec.tokenConfig.destinationPublicKey) return undefined;
        const status = tokenStatus(dr);
        if (
            !status.revisionToken?.isReady &&
            Date.now() - this.revisionTime(key, status.revisionToken?.revisionTime) > scaled(ROLL_PERIOD_MS)
        ) {
            const stamp = kubeTime();
            this.rolledAt.set(key, { stamp, ms: Date.now() });
            const revision = Number(status.revisionToken?.revision ?? 0);
            const written = this.store.update(DOMAIN_ROUTE, namespace, name, o => {
                o.status = o.status ?? {};
                o.status.tokenStatus = {
                    ...tokenStatus(o),
                    revisionInitializer: this.gatewayName,
                    revisionToken: { token: "", revision, isReady: false, revisionTime: stamp },
                };
            });
            log(`PreRollingDomainRoute ${key}, new revision ${revision}`);
            return written;
        }
        if (status.revisionInitializer === this.gatewayName) return undefined;
        const written = this.store.update(DOMAIN_ROUTE, namespace, name, o => {
            o.status = o.status ?? {};
            o.status.tokenStatus = { ...tokenStatus(o), revisionInitializer: this.gatewayName };
        });
        log(`domainroute ${key} select initializer ${this.gatewayName}`);
        return written;
    }

    /**
     * revisionTime as the informer reads it back: metav1.Time keeps whole seconds (of Kuscia's clock here), so at
     * the resync after a re-roll the token has always waited more than the period, and the next re-roll is then.
     */
    private revisionTime(key: string, stamp: unknown): number {
        const rolled = this.rolledAt.get(key);
        if (rolled && rolled.stamp === stamp) return Math.floor(rolled.ms / timeScale() / 1000) * 1000 * timeScale();
        const t = typeof stamp === "string" ? Date.parse(stamp) : NaN;
        return Number.isNaN(t) ? -Infinity : t;
    }
}
