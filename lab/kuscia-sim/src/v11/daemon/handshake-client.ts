import * as crypto from "crypto";
import { publicKeyField } from "../../common/keys";
import { scaled, sleep } from "../../daemon/clock";
import { log } from "../../daemon/log";
import { kindOf } from "../../store/kinds";
import { KObject } from "../../store/object";
import { Store } from "../../store/store";
import { decryptWith, encryptTo, parsePublicKeyField, publicKeyHash } from "../keys";
import { endpointOf, PeerAnswer, requestPeer } from "./peer-http";
import { storedToken, tokenStatus } from "./route-tokens";
import { WorkQueue } from "./work-queue";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;
const TOKEN_HALF_BYTES = 16;
/** pkg/gateway/controller/domain_route.go:70-71 maxRetries, domainRouteSyncPeriod. */
const MAX_RETRIES = 16;
export const RESYNC_MS = 10 * 60 * 1000;
/**
 * handshake.go:95 doHTTPWithDefaultRetry: 5 tries, 1 s after each failed one; utils/http.go:131 a 10 s client timeout
 * each.
 */
const TRIES = 5;
const TRY_WAIT_MS = 1000;
export const HTTP_TIMEOUT_MS = 10000;

/**
 * The source's half of token auth, as the gateway's DomainRoute controller runs it
 * (domain_route.go:151-160 event handlers, 238-305 syncHandler; handshake.go:215-343 sourceInitiateHandShake):
 * every add, change or resync of a route puts it on the queue; a Token route from this node whose
 * initializer is this gateway and whose revision token is empty gets one handshake attempt (POST
 * /handshake, tried 5 times); a failed attempt is re-queued by the work queue's back-off.
 */
export class HandshakeClient {
    private readonly queue = new WorkQueue("domain-route-queue", MAX_RETRIES, key => this.sync(key));
    private readonly pubField: string;

    constructor(
        private readonly store: Store,
        private readonly self: string,
        private readonly key: crypto.KeyObject,
        private readonly gatewayName: string,
    ) {
        this.pubField = publicKeyField(key);
    }

    enqueue(key: string): void {
        this.queue.add(key);
    }

    stop(): void {
        this.queue.stop();
    }

    private async sync(key: string): Promise<void> {
        const [namespace, name] = key.split("/");
        const dr = this.store.get(DOMAIN_ROUTE, namespace, name);
        const spec = dr?.spec ?? {};
        if (
            !dr ||
            spec.source !== this.self ||
            spec.authenticationType !== "Token" ||
            spec.tokenConfig?.tokenGenMethod !== "RSA-GEN"
        )
            return;
        // addClusterWithEnvoy, before anything else for a route from this node.
        if (!endpointOf(dr)) throw new Error("add envoy cluster failed with endpoint host is empty");
        const status = tokenStatus(dr);
        if (status.revisionInitializer !== this.gatewayName || status.revisionToken?.token) return;
        log(`DomainRoute ${key} starts handshake, the last revision is ${Number(status.revisionToken?.revision ?? 0)}`);
        try {
            await this.handshake(dr);
        } catch (e: any) {
            log(`DomainRoute ${key}: ${e.message}`);
            throw e;
        }
    }

    private async handshake(dr: KObject): Promise<void> {
        const { name, namespace } = dr.metadata;
        const spec = dr.spec;
        if (spec.tokenConfig.sourcePublicKey !== this.pubField) {
            log(`DomainRoute ${name}: mismatch source public key`);
            return;
        }
        const destPub = parsePublicKeyField(String(spec.tokenConfig.destinationPublicKey ?? ""));
        const sourceHalf = crypto.randomBytes(TOKEN_HALF_BYTES);
        const body = JSON.stringify({
            domain_id: this.self,
            request_time: Date.now() * 1e6,
            type: "RSA",
            token_config: {
                token: encryptTo(destPub, sourceHalf),
                revision: Number(tokenStatus(dr).revisionToken?.revision ?? 0),
                pubhash: publicKeyHash(this.pubField),
            },
        });
        const headers = {
            "kuscia-source": this.self,
            "kuscia-host": `kuscia-handshake.${spec.destination}.svc`,
            "content-type": "application/json",
        };
        const reply = await doHttpWithRetry(() =>
            requestPeer(endpointOf(dr)!, "POST", "/handshake", headers, body, scaled(HTTP_TIMEOUT_MS)),
        );
        if (!reply?.status) throw new Error("handshake fail, status is null, some unexcepted cases occurs");
        if (reply.status.code) throw new Error(`handshake fail, return error:${reply.status.message}`);
        const destHalf = decryptWith(this.key, String(reply.token?.token ?? ""));
        const stored = storedToken(
            encryptTo(crypto.createPublicKey(this.key), Buffer.concat([sourceHalf, destHalf])),
            Number(reply.token?.revision ?? 0),
            Number(spec.tokenConfig.rollingUpdatePeriod ?? 0),
        );
        this.store.update(DOMAIN_ROUTE, namespace, name, o => {
            o.status = {
                ...(o.status ?? {}),
                isDestinationAuthorized: true,
                tokenStatus: { ...tokenStatus(o), ...stored },
            };
        });
        log(`DomainRoute ${namespace}/${name}: handshake succeeded, revision ${stored.revisionToken.revision}`);
    }
}

/**
 * utils/http.go:80-94 DoHTTPWithRetry over DoHTTP (:96-161): a try fails on a transport error, a status
 * other than 200 or a body that is no JSON, and is followed by a wait (the last one too). An answer
 * with status.code 500 is a success here: the caller fails on it at once.
 */
export async function doHttpWithRetry(send: () => Promise<PeerAnswer>): Promise<any> {
    let last: Error | undefined;
    for (let i = 0; i < TRIES; i++) {
        try {
            return parseAnswer(await send());
        } catch (e: any) {
            last = e;
        }
        await sleep(scaled(TRY_WAIT_MS));
    }
    throw new Error(`handshake fail:${last!.message}`);
}

export function parseAnswer(a: PeerAnswer): any {
    if (a.status !== 200) throw new Error(`response status code [${a.status}], detail -> ${a.text.slice(0, 200)}`);
    try {
        return JSON.parse(a.text);
    } catch {
        throw new Error(`invalid response body, detail -> ${a.text.slice(0, 200)}`);
    }
}
