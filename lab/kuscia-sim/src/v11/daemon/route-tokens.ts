import * as crypto from "crypto";
import { KObject, kubeTime } from "../../store/object";
import { decryptWith } from "../keys";

/**
 * A DomainRouteToken in a DomainRoute's status.tokenStatus.tokens (pkg/crd/apis/kuscia/v1alpha1 domainroute_types.go).
 */
export interface RouteToken {
    token: string;
    revision: number;
    isReady: boolean;
    revisionTime: string;
    expirationTime: string;
    heartBeatTime?: string;
}

export function tokenStatus(dr: KObject): any {
    return dr.status?.tokenStatus ?? {};
}

export function routeTokens(dr: KObject): RouteToken[] {
    const t = tokenStatus(dr).tokens;
    return Array.isArray(t) ? t : [];
}

/**
 * A route's tokens as the gateway installs them: each decrypted with the node's own key, base64 (handshake.go
 * parseTokenRSA).
 */
export function plainTokens(dr: KObject, key: crypto.KeyObject): string[] {
    const out: string[] = [];
    for (const t of routeTokens(dr)) {
        try {
            out.push(decryptWith(key, t.token).toString("base64"));
        } catch {
            // A token this key cannot read is dropped, as parseTokenRSA does for UID-RSA routes.
        }
    }
    return out;
}

/**
 * The token a token route is stored with: revisionToken and the one ready token (the domainroute controller's rolling
 * is not simulated).
 */
export function storedToken(
    encrypted: string,
    revision: number,
    rollingSeconds: number,
): { revisionToken: any; tokens: RouteToken[] } {
    const t = kubeTime();
    // A rolling period of 0 never expires (100 years), else two periods (handshake.go DestReplyHandshake).
    const lifetimeMs = rollingSeconds > 0 ? 2 * rollingSeconds * 1000 : 100 * 365 * 86400 * 1000;
    const expirationTime = kubeTime(Date.now() + lifetimeMs);
    return {
        revisionToken: { token: encrypted, revision, isReady: true, revisionTime: t, expirationTime },
        tokens: [{ token: encrypted, revision, isReady: true, revisionTime: t, expirationTime }],
    };
}
