import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { TrustSide } from "../generation";
import { fileBundle } from "../remoteSteps";
import { trustStep } from "../trustStep";

/** Seconds a verify waits for the route to become Ready: the source's gateway retries the handshake on its own. */
export const verifyTimeoutSeconds = 120;

/** The values every trust step of `node` towards `peer` reads; the pair first, as previews cut long lines. */
function pairValues(node: TrustSide, peerId: string, peerEndpoint?: pulumi.Input<string>) {
    return {
        SELF: node.domainId, PEER: peerId,
        ...(peerEndpoint === undefined ? {} : { PEER_ENDPOINT: peerEndpoint, PEER_SCHEME: "https" }),
        ...node.values,
    };
}

/**
 * `node` adds the partner (its domain.crt, add_domain.sh PEER p2p) and routes to it (join_to_host.sh
 * with https://ENDPOINT); with `verify`, it then waits for its route to be Ready. One SSH session.
 */
export function addAndJoin(name: string, node: TrustSide, peerId: string, peerCertPem: pulumi.Input<string>,
    peerEndpoint: pulumi.Input<string>, verify: boolean, triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    return trustStep(name, node, {
        run: ["add-partner", "join", ...(verify ? ["verify"] : [])], onDelete: ["unjoin", "revoke"],
        values: { ...pairValues(node, peerId, peerEndpoint), ...(verify ? { TIMEOUT_SECONDS: verifyTimeoutSeconds } : {}) },
        deleteValues: pairValues(node, peerId),
        stdin: fileBundle([{ name: `${peerId}.domain.crt`, mode: "644", content: peerCertPem }]),
    }, opts, triggers);
}

/** `node` waits for its route to the partner to be Ready (the partner has added it). */
export function verifyRoute(name: string, node: TrustSide, peerId: string, peerEndpoint: pulumi.Input<string>,
    triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    return trustStep(name, node, {
        run: ["verify"], values: { ...pairValues(node, peerId, peerEndpoint), TIMEOUT_SECONDS: verifyTimeoutSeconds },
    }, opts, triggers);
}
