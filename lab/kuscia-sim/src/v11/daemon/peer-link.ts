import * as crypto from "crypto";
import { ENVOY_RESET, kusciaHeaders, LinkError, parseJson, PeerRequest, Reply } from "../../daemon/link";
import { kindOf } from "../../store/kinds";
import { Store } from "../../store/store";
import { endpointOf, requestPeer } from "./peer-http";
import { plainTokens } from "./route-tokens";

const DOMAIN_ROUTE = kindOf("DomainRoute")!;

/**
 * Partner traffic from `self` to a service of `peer`, as a 1.1 gateway sends it: through the
 * DomainRoute SELF-PEER (which the ClusterDomainRoute controller made), with Kuscia-Source,
 * Kuscia-Host and the route's newest token as Kuscia-Token. A route without a token sends none,
 * and the peer answers 401.
 */
export function sendThroughRoute(
    store: Store,
    self: string,
    key: crypto.KeyObject,
    peer: string,
    r: PeerRequest,
): Promise<Reply> {
    const dir = `${self}->${peer}`;
    const name = `${self}-${peer}`;
    const dr = store.get(DOMAIN_ROUTE, self, name);
    if (!dr || dr.spec?.source !== self) {
        return Promise.reject(
            new LinkError(
                `${dir}: no DomainRoute ${name} in namespace ${self}: run join_to_host.sh ${self} ${peer} ENDPOINT`,
                true,
                "",
            ),
        );
    }
    const ep = endpointOf(dr);
    if (!ep)
        return Promise.reject(
            new LinkError(`${dir}: DomainRoute ${name} has no endpoint`, false, "no healthy upstream"),
        );
    const token = plainTokens(dr, key).pop();
    const headers = { ...r.headers, ...kusciaHeaders(self, peer, r.service, token) };
    return requestPeer(ep, r.method, r.path, headers, r.body ?? "", r.timeoutMs).then(
        a => ({ status: a.status, headers: a.headers, text: a.text, body: parseJson(a.text) }),
        (e: Error) => {
            throw new LinkError(
                `${dir}: gateway ${ep.host}:${ep.port} unreachable (${e.message})`,
                false,
                `${ENVOY_RESET} connection failure`,
            );
        },
    );
}
