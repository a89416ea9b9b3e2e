import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection, sshTarget } from "./connection";
import { FileEntry, fileBundle, scriptCommand, scriptsCommand } from "./shell";

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

/** The files a joiner installs: the certificate the host issued it and the host's CA. */
function joinFiles(hostId: string, issuedCertPem: pulumi.Input<string>, hostCaCertPem: pulumi.Input<string>): FileEntry[] {
    return [
        { name: `domain-2-${hostId}.crt`, mode: "644", content: issuedCertPem },
        { name: `${hostId}.host.ca.crt`, mode: "644", content: hostCaCertPem },
    ];
}

/**
 * `joiner` installs the certificate `hostId` issued it and the host's CA, routes to the host
 * (join_to_host.sh), then verifies the direction with partner traffic: one SSH session.
 */
export function joinAndVerify(name: string, joiner: NodeSide, hostId: string, hostEndpoint: pulumi.Input<string>,
    issuedCertPem: pulumi.Input<string>, hostCaCertPem: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): command.remote.Command {
    const args = [joiner.certsDir, joiner.containerName, joiner.domainId, hostId];
    return step(name, joiner, scriptsCommand("join-and-verify", [
        { script: "join.sh", args: [...args, hostEndpoint] },
        { script: "verify.sh", args: [joiner.containerName, joiner.domainId, hostId, hostEndpoint] },
    ]), {
        stdin: fileBundle(joinFiles(hostId, issuedCertPem, hostCaCertPem)),
        delete: scriptCommand(["lib.sh", "unjoin.sh"], args),
        triggers: [sshTarget(joiner.connection), joiner.ready.id],
    }, opts);
}

/**
 * What one program runs on `node` for a pair whose other side has granted it already: `node` grants
 * the partner (its stdout starts with `<peer>.domain.crt`), then joins the partner with the
 * certificate the partner issued and verifies that direction. One SSH session.
 */
export function grantJoinAndVerify(name: string, node: NodeSide, peerId: string, peerCsrPem: pulumi.Input<string>,
    peerEndpoint: pulumi.Input<string>, issuedCertPem: pulumi.Input<string>, peerCaCertPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions): command.remote.Command {
    const self = [node.certsDir, node.containerName, node.domainId, peerId];
    return step(name, node, scriptsCommand("grant-join-and-verify", [
        { script: "grant.sh", args: self },
        { script: "join.sh", args: [...self, peerEndpoint] },
        { script: "verify.sh", args: [node.containerName, node.domainId, peerId, peerEndpoint] },
    ]), {
        stdin: fileBundle([{ name: `${peerId}.domain.csr`, mode: "644", content: peerCsrPem }, ...joinFiles(peerId, issuedCertPem, peerCaCertPem)]),
        delete: scriptsCommand("unjoin-and-revoke", [{ script: "unjoin.sh", args: self }, { script: "revoke.sh", args: self }]),
        triggers: [sshTarget(node.connection), node.ready.id],
    }, opts);
}

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/;

/** The certificate a grant step printed. */
export function issuedCert(stdout: pulumi.Output<string>): pulumi.Output<string> {
    return stdout.apply(out => CERT.exec(out)?.[0] ?? out);
}

/** What a step that verifies printed about it (its lines other than an issued certificate). */
export function verdict(stdout: pulumi.Output<string>): pulumi.Output<string> {
    return stdout.apply(out => out.replace(CERT, "").trim());
}
