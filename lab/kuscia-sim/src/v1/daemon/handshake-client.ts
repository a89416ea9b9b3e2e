import * as crypto from "crypto";
import { kindOf } from "../../store/kinds";
import { KObject } from "../../store/object";
import { Store } from "../../store/store";
import { log } from "../../daemon/log";
import { decryptWith, encryptTo, parsePublicKeyField, publicKeyField, publicKeyHash } from "../keys";
import { State } from "./handshake-server";
import { endpointOf, requestPeer } from "./peer-http";
import { now, routeTokens, storedToken, tokenStatus } from "./route-tokens";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;
const TOKEN_HALF_BYTES = 16;
/** pkg/common/constants.go GatewayHealthCheckDuration; KUSCIA_SIM_HEALTH_CHECK_MS shortens it for tests. */
export const healthCheckMs = () => Number(process.env.KUSCIA_SIM_HEALTH_CHECK_MS) || 15000;
/** A failed handshake is tried again this much later (the gateway's work queue backs off). */
const RETRY_MS = 3000;

/**
 * The source's half of token auth, as the gateway's DomainRoute controller runs it for each outbound
 * Token route in its namespace (pkg/gateway/controller/domain_route.go syncHandler, checkConnectionHealthy;
 * handshake.go sourceInitiateHandShake, checkConnectionStatus, handleGetResponse): without a token,
 * POST /handshake to the destination; with one, GET /handshake every health-check period, which
 * marks the destination unreachable or clears the token when the destination no longer has it.
 */
export class HandshakeClient {
  private readonly busy = new Set<string>();
  private readonly nextTry = new Map<string, number>();
  private readonly pubField: string;

  constructor(private readonly store: Store, private readonly self: string, private readonly key: crypto.KeyObject, private readonly gatewayName: string) {
    this.pubField = publicKeyField(key);
  }

  tick(): void {
    for (const dr of this.store.list(DOMAIN_ROUTE, this.self)) {
      const spec = dr.spec ?? {};
      if (spec.source !== this.self || spec.authenticationType !== "Token" || spec.tokenConfig?.tokenGenMethod !== "RSA-GEN") continue;
      const name = dr.metadata.name;
      if (this.busy.has(name) || Date.now() < (this.nextTry.get(name) ?? 0)) continue;
      const hasToken = !!tokenStatus(dr).revisionToken?.token;
      this.busy.add(name);
      (hasToken ? this.checkConnection(dr) : this.handshake(dr))
        .catch((e) => log(`DomainRoute ${this.self}/${name}: ${e.message}`))
        .finally(() => this.busy.delete(name));
    }
  }

  private async handshake(dr: KObject): Promise<void> {
    const name = dr.metadata.name;
    this.nextTry.set(name, Date.now() + RETRY_MS);
    const spec = dr.spec;
    if (tokenStatus(dr).revisionInitializer !== this.gatewayName) {
      this.store.update(DOMAIN_ROUTE, this.self, name, (o) => {
        o.status = { ...(o.status ?? {}), tokenStatus: { ...tokenStatus(o), revisionInitializer: this.gatewayName } };
      });
    }
    if (spec.tokenConfig.sourcePublicKey !== this.pubField) throw new Error("mismatch source public key");
    const ep = endpointOf(dr);
    if (!ep) throw new Error("no endpoint");
    const destPub = parsePublicKeyField(String(spec.tokenConfig.destinationPublicKey ?? ""));
    const sourceHalf = crypto.randomBytes(TOKEN_HALF_BYTES);
    const body = JSON.stringify({
      domain_id: this.self, request_time: Date.now() * 1e6, type: "RSA",
      token_config: { token: encryptTo(destPub, sourceHalf), revision: Number(tokenStatus(dr).revisionToken?.revision ?? 0), pubhash: publicKeyHash(this.pubField) },
    });
    const answer = await requestPeer(ep, "POST", "/handshake", this.headers(spec.destination, { "content-type": "application/json" }), body);
    let reply: any;
    try {
      reply = JSON.parse(answer.text);
    } catch {
      throw new Error(`handshake fail: HTTP ${answer.status} ${answer.text.trim()}`);
    }
    if (!reply?.status) throw new Error("handshake fail, status is null, some unexcepted cases occurs");
    if (reply.status.code) throw new Error(`handshake fail, return error:${reply.status.message}`);
    const destHalf = decryptWith(this.key, String(reply.token?.token ?? ""));
    const stored = storedToken(encryptTo(crypto.createPublicKey(this.key), Buffer.concat([sourceHalf, destHalf])), Number(reply.token?.revision ?? 0), Number(spec.tokenConfig.rollingUpdatePeriod ?? 0));
    this.store.update(DOMAIN_ROUTE, this.self, name, (o) => {
      o.status = { ...(o.status ?? {}), isDestinationAuthorized: true, tokenStatus: { ...tokenStatus(o), ...stored } };
    });
    this.nextTry.set(name, Date.now() + healthCheckMs());
    log(`DomainRoute ${this.self}/${name}: handshake succeeded, revision ${stored.revisionToken.revision}`);
  }

  private async checkConnection(dr: KObject): Promise<void> {
    const name = dr.metadata.name;
    this.nextTry.set(name, Date.now() + healthCheckMs());
    const ep = endpointOf(dr);
    if (!ep) return;
    const revision = String(tokenStatus(dr).revisionToken?.revision ?? 0);
    let state: number;
    try {
      const answer = await requestPeer(ep, "GET", "/handshake", this.headers(dr.spec.destination, { "kuscia-token-revision": revision }));
      state = Number(JSON.parse(answer.text)?.state);
    } catch (e: any) {
      this.setStatus(name, (s) => (s.isDestinationUnreachable = true));
      throw new Error(`destination unreachable: ${e.message}`);
    }
    this.setStatus(name, (s) => {
      s.isDestinationUnreachable = false;
      for (const t of routeTokens({ status: s } as KObject)) t.heartBeatTime = now();
    });
    if (state === State.TokenNotFound) {
      this.setStatus(name, (s) => (s.tokenStatus = {}));
      this.nextTry.delete(name);
      log(`DomainRoute ${this.self}/${name} found destination token(revision ${revision}) not exist`);
    } else if (state === State.NoAuthentication) {
      this.setStatus(name, (s) => {
        if (!s.isDestinationAuthorized) return;
        s.isDestinationAuthorized = false;
        s.tokenStatus = {};
      });
      this.nextTry.delete(name);
      log(`DomainRoute ${this.self}/${name} can't contact destination because destination authentication is false`);
    }
  }

  private headers(destination: string, extra: Record<string, string>): Record<string, string> {
    return { "kuscia-source": this.self, "kuscia-host": `kuscia-handshake.${destination}.svc`, ...extra };
  }

  private setStatus(name: string, change: (status: any) => void): void {
    this.store.update(DOMAIN_ROUTE, this.self, name, (o) => {
      o.status = o.status ?? {};
      change(o.status);
    });
  }
}
