import { scaled } from "../../daemon/clock";
import { log } from "../../daemon/log";
import { kindOf } from "../../store/kinds";
import { KObject } from "../../store/object";
import { Store } from "../../store/store";
import { HTTP_TIMEOUT_MS, parseAnswer } from "./handshake-client";
import { State } from "./handshake-server";
import { endpointOf, requestPeer } from "./peer-http";
import { tokenStatus } from "./route-tokens";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;

/** pkg/common/constants.go:270 GatewayHealthCheckDuration. */
export const healthCheckMs = (): number => scaled(15000);

/** pkg/gateway/controller/check_healthy.go:31 drExpireDuration. */
const EXPIRE_MS = 45000;

/**
 * The gateway's health check of its token routes, one pass per GatewayHealthCheckDuration
 * (domain_route.go:203-228 checkConnectionHealthy; handshake.go:122-200 checkConnectionStatus,
 * handleGetResponse): GET /handshake with the route's revision for each route from this node that this
 * gateway initialized and that has a token. A failed GET marks the destination unreachable only once
 * the last good one (or, with none since start, the first failure) is more than 45 s old
 * (check_healthy.go:35-66); TokenNotFound and NoAuthentication clear the token.
 */
export class HealthCheck {
    /** drHeartbeat: in memory, by route name. */
    private readonly beats = new Map<string, number>();
    private running = false;

    constructor(
        private readonly store: Store,
        private readonly self: string,
        private readonly gatewayName: string,
    ) {}

    tick(): void {
        if (this.running) return;
        this.running = true;
        this.pass().finally(() => (this.running = false));
    }

    private async pass(): Promise<void> {
        for (const dr of this.store.list(DOMAIN_ROUTE, this.self)) {
            const status = tokenStatus(dr);
            if (dr.spec?.authenticationType !== "Token" || dr.spec?.source !== this.self) continue;
            if (status.revisionInitializer !== this.gatewayName || !status.revisionToken?.token) continue;
            try {
                await this.check(dr);
            } catch (e: any) {
                log(`DomainRoute ${this.self}/${dr.metadata.name}: ${e.message}`);
            }
        }
    }

    private async check(dr: KObject): Promise<void> {
        const name = dr.metadata.name;
        const ep = endpointOf(dr);
        if (!ep) return;
        const revision = String(tokenStatus(dr).revisionToken?.revision ?? 0);
        const headers = {
            "kuscia-source": this.self,
            "kuscia-host": `kuscia-handshake.${dr.spec.destination}.svc`,
            "kuscia-token-revision": revision,
        };
        let state: number;
        try {
            state = Number(
                parseAnswer(await requestPeer(ep, "GET", "/handshake", headers, "", scaled(HTTP_TIMEOUT_MS)))?.state,
            );
        } catch (e: any) {
            if (!dr.status?.isDestinationUnreachable && this.heartbeatTimedOut(name)) {
                this.setStatus(name, s => (s.isDestinationUnreachable = true));
                log(`markDestUnreachable of dr(${name})`);
            }
            throw new Error(`destination unreachable: ${e.message}`);
        }
        this.beats.set(name, Date.now());
        if (dr.status?.isDestinationUnreachable) {
            this.setStatus(name, s => (s.isDestinationUnreachable = false));
            log(`markDestReachable of dr(${name})`);
        }
        if (state === State.TokenNotFound) {
            this.setStatus(name, s => (s.tokenStatus = {}));
            log(`Domainroute ${name} found destination token(revision ${revision}) not exist`);
        } else if (state === State.NoAuthentication && dr.status?.isDestinationAuthorized) {
            this.setStatus(name, s => {
                s.isDestinationAuthorized = false;
                s.isDestinationUnreachable = false;
                s.tokenStatus = {};
            });
            throw new Error(`${name} can't contact destination because destination authentication is false`);
        }
    }

    /** check_healthy.go isHeartbeatTimeout: a route without a heartbeat gets one now. */
    private heartbeatTimedOut(name: string): boolean {
        const last = this.beats.get(name);
        if (last === undefined) {
            this.beats.set(name, Date.now());
            return false;
        }
        return Date.now() - last > scaled(EXPIRE_MS);
    }

    private setStatus(name: string, change: (status: any) => void): void {
        this.store.update(DOMAIN_ROUTE, this.self, name, o => {
            o.status = o.status ?? {};
            change(o.status);
        });
    }
}
