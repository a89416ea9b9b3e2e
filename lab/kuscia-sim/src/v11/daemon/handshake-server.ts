import * as crypto from "crypto";
import * as http from "http";
import { header, sendJson } from "../../daemon/http-io";
import { log } from "../../daemon/log";
import { kindOf } from "../../store/kinds";
import { kubeTime } from "../../store/object";
import { Store } from "../../store/store";
import { decryptWith, encryptTo, parsePublicKeyField, publicKeyHash } from "../keys";
import { routeTokens, storedToken, tokenStatus } from "./route-tokens";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;
const TOKEN_HALF_BYTES = 16;

/** GET /handshake states (pkg/gateway/controller/handshake.go DestinationStatus). */
export const enum State {
    TokenReady = 0,
    DomainIDInputInvalid = 1,
    TokenRevisionInputInvalid = 2,
    TokenNotReady = 3,
    TokenNotFound = 4,
    NoAuthentication = 5,
    InternalError = 6,
}

export interface HandshakeRequest {
    domain_id?: string;
    request_time?: number;
    type?: string;
    token_config?: { token?: string; revision?: number; pubhash?: string };
}

/**
 * The destination's half of the RSA-GEN handshake, served on kuscia-handshake.SELF.svc with token
 * auth off (handshake.go handShakeHandle, DestReplyHandshake, checkTokenStatus). Failures are HTTP
 * 200 with status.code 500, as Go's encoding/json writes the proto (`omitempty`: code 0 is left out).
 */
export class HandshakeServer {
    constructor(
        private readonly store: Store,
        private readonly self: string,
        private readonly key: crypto.KeyObject,
    ) {}

    handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        if (req.method === "GET") {
            const source = header(req, "kuscia-origin-source") || header(req, "kuscia-source");
            const state = this.tokenState(source, header(req, "kuscia-token-revision"));
            return sendJson(res, 200, { namespace: this.self, state }, "\n");
        }
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            let body: HandshakeRequest;
            try {
                body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            } catch (e: any) {
                res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
                return res.end(`${e.message}\n`);
            }
            const reply = this.reply(body);
            if (reply.status.code)
                log(
                    `handshake: DestReplyHandshake for [${body.domain_id}-${this.self}] failed, detail-> ${reply.status.message}`,
                );
            sendJson(res, 200, reply, "\n");
        });
    }

    private reply(req: HandshakeRequest): any {
        const fail = (message: string) => ({ status: { code: 500, message } });
        const src = String(req.domain_id ?? "");
        const drName = `${src}-${this.self}`;
        const dr = this.store.get(DOMAIN_ROUTE, this.self, drName);
        if (!dr) return fail(`domainRoute [${drName}] not found in dest domain [${this.self}]`);
        if (req.type !== "RSA" && req.type !== "UID") return fail(`invalid handshake type [${req.type ?? ""}]`);
        if (req.type !== "RSA") return fail("kuscia-sim simulates RSA-GEN handshakes only");
        const srcField = String(dr.spec?.tokenConfig?.sourcePublicKey ?? "");
        let srcPub: crypto.KeyObject;
        try {
            srcPub = parsePublicKeyField(srcField);
        } catch (e: any) {
            return fail(`invalid source domain [${src}] publickey in domainroute [${drName}], error: ${e.message}`);
        }
        if (req.token_config?.pubhash !== publicKeyHash(srcField))
            return fail(`source domain [${src}] publickey hash mismatch in domainroute [${drName}]`);
        let sourceHalf: Buffer;
        try {
            sourceHalf = decryptWith(this.key, String(req.token_config?.token ?? ""));
            if (sourceHalf.length !== TOKEN_HALF_BYTES) throw new Error("bad length");
        } catch {
            return fail(`dest domain [${this.self}] publickey in source domain [${src}] may be not correct`);
        }
        const destHalf = crypto.randomBytes(TOKEN_HALF_BYTES);
        const revision = Number(tokenStatus(dr).revisionToken?.revision ?? 0) + 1;
        const stored = storedToken(
            encryptTo(crypto.createPublicKey(this.key), Buffer.concat([sourceHalf, destHalf])),
            revision,
            Number(dr.spec?.tokenConfig?.rollingUpdatePeriod ?? 0),
        );
        this.store.update(DOMAIN_ROUTE, this.self, drName, o => {
            o.status = { ...(o.status ?? {}), tokenStatus: { ...tokenStatus(o), ...stored } };
        });
        log(`handshake: DomainRoute ${drName} handle successfully (revision ${revision})`);
        return {
            status: {},
            token: {
                token: encryptTo(srcPub, destHalf),
                expiration_time: Date.parse(stored.revisionToken.expirationTime) * 1e6,
                revision,
            },
        };
    }

    /** checkTokenStatus: a ready token of the asked revision refreshes its heartbeat. */
    private tokenState(source: string, revision: string): State {
        if (!source) return State.DomainIDInputInvalid;
        const drName = `${source}-${this.self}`;
        const dr = this.store.get(DOMAIN_ROUTE, this.self, drName);
        if (!dr) return State.NoAuthentication;
        if (!revision) return State.TokenRevisionInputInvalid;
        const tokens = routeTokens(dr);
        const i = tokens.findIndex(t => String(t.revision) === revision);
        if (i < 0) return State.TokenNotFound;
        if (!tokens[i].isReady) return State.TokenNotReady;
        this.store.update(DOMAIN_ROUTE, this.self, drName, o => {
            const list = routeTokens(o);
            if (list[i]) list[i].heartBeatTime = kubeTime();
        });
        return State.TokenReady;
    }
}
