import * as http from "http";
import { handleExternal, handleInternal, handshakeHost, serviceNotFound } from "../../daemon/gateway-listeners";
import { sendJson, sendText } from "../../daemon/http-io";
import { PeerSender } from "../../daemon/link";
import { log } from "../../daemon/log";
import { Psi } from "../../daemon/psi";
import { Store } from "../../store/store";
import { tokenAuthAccepts } from "./routes";

/**
 * Kuscia 0.3.0b0's external listener above TLS (etc/conf/domainroute/listeners/external_listeners.json.tmpl,
 * routes/external_route.json.tmpl): token auth takes any token from the source of an MTLS or None route into
 * this node (routes.ts) and refuses the rest with a plain 401 "unauthorized.".
 */
export function externalHandler(store: Store, self: string, psi: Psi): http.RequestListener {
    return handleExternal({
        self,
        handshake: (req, res) => handshake(self, req, res),
        tokenAuthAccepts: (source, token) => tokenAuthAccepts(store, self, source, token),
        unauthorized: (_req, res) => sendText(res, 401, "unauthorized."),
        serviceNotFound: (res, host) => serviceNotFound(res, host),
        psi: {
            store,
            self,
            psi,
            takesFailures: false,
            // A 0.3 partner has no KusciaTask of its own to check: it takes every request.
            admit: (source, request) => {
                log(`gateway: PSI request from ${source} for ${request.task}`);
                return undefined;
            },
        },
    });
}

/**
 * The internal listener: partner traffic leaves through the DomainRoute SELF-PEER (peer-link.ts callPeer);
 * a failed upstream is Envoy's 503 with its reason as the body.
 */
export function internalHandler(self: string, send: PeerSender): http.RequestListener {
    return handleInternal({
        self,
        handshake: (req, res, host) => {
            if (host !== handshakeHost(self)) return false;
            handshake(self, req, res);
            return true;
        },
        partnerHost: /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc$/,
        send,
        passedHeaders: ["kuscia-error-message-internal"],
        unavailable: (res, body) => sendText(res, 503, body),
    });
}

/** GET /handshake on kuscia-handshake.SELF.svc: pkg/gateway/controller/handshake.go handShakeHandle. */
function handshake(self: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url !== "/handshake") return serviceNotFound(res, handshakeHost(self));
    if (req.method === "GET") return sendJson(res, 200, { namespace: self });
    sendText(res, 400, "token handshakes are not simulated: only MTLS and None routes are");
}
