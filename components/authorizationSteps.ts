import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection, sshTarget } from "./connection";
import { fileBundle, scriptCommand } from "./shell";

/** The parts of a node that the authorization steps run against. */
export interface NodeSide {
    domainId: string;
    connection: Connection;
    containerName: pulumi.Input<string>;
    certsDir: pulumi.Input<string>;
    ready: pulumi.Resource & { id: pulumi.Output<string> };
}

function step(name: string, node: NodeSide, create: pulumi.Output<string>, args: Partial<command.remote.CommandArgs>,
    opts: pulumi.CustomResourceOptions, after: pulumi.Resource[] = []): command.remote.Command {
    return new command.remote.Command(name, {
        connection: node.connection,
        create,
        addPreviousOutputInEnv: false,
        ...args,
    }, { deleteBeforeReplace: true, ...opts, dependsOn: [node.ready, ...after] });
}

/** `grantor` signs `peerCsrPem` and grants the partner (add_domain.sh); stdout is `<peer>.domain.crt`. */
export function grant(name: string, grantor: NodeSide, peerId: string, peerCsrPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions): command.remote.Command {
    const self = [grantor.certsDir, grantor.containerName, grantor.domainId, peerId];
    return step(name, grantor, scriptCommand(["lib.sh", "grant.sh"], self), {
        stdin: fileBundle([{ name: `${peerId}.domain.csr`, mode: "644", content: peerCsrPem }]),
        delete: scriptCommand(["lib.sh", "revoke.sh"], self),
        triggers: [sshTarget(grantor.connection), grantor.ready.id],
    }, opts);
}

/** `joiner` installs the certificate `hostId` issued it and the host's CA, and routes to the host (join_to_host.sh). */
export function join(name: string, joiner: NodeSide, hostId: string, hostEndpoint: pulumi.Input<string>,
    issuedCertPem: pulumi.Input<string>, hostCaCertPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions): command.remote.Command {
    const args = [joiner.certsDir, joiner.containerName, joiner.domainId, hostId];
    return step(name, joiner, scriptCommand(["lib.sh", "join.sh"], [...args, hostEndpoint]), {
        stdin: fileBundle([
            { name: `domain-2-${hostId}.crt`, mode: "644", content: issuedCertPem },
            { name: `${hostId}.host.ca.crt`, mode: "644", content: hostCaCertPem },
        ]),
        delete: scriptCommand(["lib.sh", "unjoin.sh"], args),
        triggers: [sshTarget(joiner.connection), joiner.ready.id],
    }, opts);
}

/** A real mTLS handshake from inside the joiner's container to the host's gateway. */
export function verify(name: string, joiner: NodeSide, hostId: string, hostEndpoint: pulumi.Input<string>,
    joined: command.remote.Command, extraTriggers: pulumi.Input<string>[], opts: pulumi.CustomResourceOptions): command.remote.Command {
    return step(name, joiner, scriptCommand(["lib.sh", "verify.sh"], [joiner.containerName, joiner.domainId, hostId, hostEndpoint]), {
        triggers: [joined.id, joined.stdin!, ...extraTriggers],
    }, opts, [joined]);
}
