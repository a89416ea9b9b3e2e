import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { TrustSide } from "../generation";
import { fileBundle } from "../remoteSteps";
import { trustStep } from "../trustStep";

/** The partner as a trust step needs it: what its handshake (or, in one program, its node) gives. */
export interface Partner11 {
    domainId: string;
    /** Its gateway, HOST:PORT. */
    endpoint: pulumi.Input<string>;
    /** Its gateway's scheme: https, or http for a NOTLS node (or an HTTP proxy in front of it). */
    gatewayScheme: pulumi.Input<string>;
    /** The path prefix of a proxy in front of its gateway; "" for none. */
    gatewayPath: pulumi.Input<string>;
    domainCertPem: pulumi.Input<string>;
}

/** The values every trust step of `node` towards `peer` reads; the pair first, as previews cut long lines. */
function pairValues(node: TrustSide, peer: Partner11, withEndpoint: boolean) {
    return {
        SELF: node.domainId, PEER: peer.domainId,
        ...(withEndpoint ? { PEER_ENDPOINT: peer.endpoint, PEER_SCHEME: peer.gatewayScheme, PEER_PATH: peer.gatewayPath } : {}),
        ...node.values,
    };
}

/**
 * `node` adds the partner (its domain.crt, add_domain.sh PEER p2p) and routes to it (join_to_host.sh
 * with SCHEME://ENDPOINT); with `verifyTimeoutSeconds`, it then waits that long for its route to be Ready. One SSH session.
 */
export function addAndJoin(name: string, node: TrustSide, peer: Partner11, verifyTimeoutSeconds: pulumi.Input<number> | undefined,
    triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    const verify = verifyTimeoutSeconds !== undefined;
    return trustStep(name, node, {
        run: ["add-partner", "join", ...(verify ? ["verify"] : [])], onDelete: ["unjoin", "revoke"],
        values: { ...pairValues(node, peer, true), ...(verify ? { TIMEOUT_SECONDS: verifyTimeoutSeconds } : {}) },
        deleteValues: pairValues(node, peer, false),
        stdin: fileBundle([{ name: `${peer.domainId}.domain.crt`, mode: "644", content: peer.domainCertPem }]),
    }, opts, triggers);
}

/** `node` waits for its route to the partner to be Ready (the partner has added it). */
export function verifyRoute(name: string, node: TrustSide, peer: Partner11, verifyTimeoutSeconds: pulumi.Input<number>,
    triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    return trustStep(name, node, {
        run: ["verify"], values: { ...pairValues(node, peer, true), TIMEOUT_SECONDS: verifyTimeoutSeconds },
    }, opts, triggers);
}
