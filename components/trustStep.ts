import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { sshTarget } from "./connection";
import { TrustSide } from "./generation";
import { remoteStep, RemoteStepArgs } from "./remoteSteps";

/**
 * A trust step on `node`'s host, after the node is ready: made again when the host or the node's
 * container changes (and when any of `triggers` does), deleted before it is made again.
 */
export function trustStep(name: string, node: TrustSide, args: RemoteStepArgs, opts: pulumi.CustomResourceOptions,
    triggers: pulumi.Input<any>[] = []): command.remote.Command {
    return remoteStep(name, node.steps, {
        ...args,
        triggers: [sshTarget(node.steps.connection), node.ready.id, ...triggers],
    }, { deleteBeforeReplace: true, ...opts, dependsOn: [node.ready, ...((opts.dependsOn as pulumi.Resource[] | undefined) ?? [])] });
}
