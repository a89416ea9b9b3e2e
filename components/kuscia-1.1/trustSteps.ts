import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { sshTarget } from "../connection";
import { TrustSide } from "../generation";
import { fileBundle, remoteStep } from "../remoteSteps";

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

function step(name: string, node: TrustSide, args: Parameters<typeof remoteStep>[2], triggers: pulumi.Input<any>[],
    opts: pulumi.CustomResourceOptions): command.remote.Command {
    return remoteStep(name, node.steps, {
        ...args,
        triggers: [sshTarget(node.steps.connection), node.ready.id, ...triggers],
    }, { deleteBeforeReplace: true, ...opts, dependsOn: [node.ready, ...((opts.dependsOn as pulumi.Resource[] | undefined) ?? [])] });
}

/**
 * `node` adds the partner (its domain.crt, add_domain.sh PEER p2p) and routes to it (join_to_host.sh
 * with https://ENDPOINT); with `verify`, it then waits for its route to be Ready. One SSH session.
 */
export function addAndJoin(name: string, node: TrustSide, peerId: string, peerCertPem: pulumi.Input<string>,
    peerEndpoint: pulumi.Input<string>, verify: boolean, triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    return step(name, node, {
        run: ["add-partner", "join", ...(verify ? ["verify"] : [])], onDelete: ["unjoin", "revoke"],
        values: { ...pairValues(node, peerId, peerEndpoint), ...(verify ? { TIMEOUT_SECONDS: verifyTimeoutSeconds } : {}) },
        deleteValues: pairValues(node, peerId),
        stdin: fileBundle([{ name: `${peerId}.domain.crt`, mode: "644", content: peerCertPem }]),
    }, triggers, opts);
}

/** `node` waits for its route to the partner to be Ready (the partner has added it). */
export function verifyRoute(name: string, node: TrustSide, peerId: string, peerEndpoint: pulumi.Input<string>,
    triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    return step(name, node, {
        run: ["verify"], values: { ...pairValues(node, peerId, peerEndpoint), TIMEOUT_SECONDS: verifyTimeoutSeconds },
    }, triggers, opts);
}
