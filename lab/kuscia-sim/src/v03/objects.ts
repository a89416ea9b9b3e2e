import { API_VERSION } from "../store/kinds";
import { KObject } from "../store/object";

/** The shapes of the objects the scripts create, as Kuscia 0.3's templates lay them out. */

export function domainObject(id: string, certBase64: string, role: string, interConnProtocols?: string[]): KObject {
    return {
        apiVersion: API_VERSION,
        kind: "Domain",
        metadata: { name: id },
        spec: { cert: certBase64, role, ...(interConnProtocols ? { interConnProtocols } : {}) },
    };
}

export interface RouteArgs {
    readonly namespace: string;
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly host: string;
    /** A string only when the endpoint's port was not numeric (kubectl then refuses the route). */
    readonly port: number | string;
    readonly authenticationType: string;
    readonly tlsCA: string;
    readonly sourceClientCert: string;
    readonly sourceClientPrivateKey: string;
    readonly token?: string;
}

export function domainRouteObject(a: RouteArgs): KObject {
    return {
        apiVersion: API_VERSION,
        kind: "DomainRoute",
        metadata: { namespace: a.namespace, name: `${a.source}-${a.destination}` },
        spec: {
            source: a.source,
            destination: a.destination,
            interConnProtocol: a.protocol,
            endpoint: { host: a.host, ports: [{ name: "http", protocol: "HTTP", isTLS: true, port: a.port }] },
            authenticationType: a.authenticationType,
            mTLSConfig: {
                tlsCA: a.tlsCA,
                sourceClientCert: a.sourceClientCert,
                sourceClientPrivateKey: a.sourceClientPrivateKey,
            },
            // The template's `Authorization: Bearer {{.TOKEN}}`: YAML drops the space an empty token leaves.
            ...(a.token !== undefined ? { requestHeadersToAdd: { Authorization: `Bearer ${a.token}`.trimEnd() } } : {}),
        },
    };
}

export function interopConfigObject(member: string, host: string): KObject {
    return {
        apiVersion: API_VERSION,
        kind: "InteropConfig",
        metadata: { name: `${member}-2-${host}` },
        spec: { host, members: [member] },
    };
}
