import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { TrustSide as NodeSide } from "../generation";
import { FileEntry, fileBundle } from "../remoteSteps";
import { trustStep } from "../trustStep";

/** The values every authorization step of `node` towards `peer` reads; the pair first, as previews cut long lines. */
function pairValues(node: NodeSide, peerId: string, peerEndpoint?: pulumi.Input<string>) {
    return {
        SELF: node.domainId, PEER: peerId, ...(peerEndpoint === undefined ? {} : { PEER_ENDPOINT: peerEndpoint }),
        ...node.values,
    };
}

const csrFile = (peerId: string, csrPem: pulumi.Input<string>): FileEntry => ({ name: `${peerId}.domain.csr`, mode: "644", content: csrPem });

/** The files a joiner installs: the certificate the host issued it and the host's CA. */
function joinFiles(hostId: string, issuedCertPem: pulumi.Input<string>, hostCaCertPem: pulumi.Input<string>): FileEntry[] {
    return [
        { name: `domain-2-${hostId}.crt`, mode: "644", content: issuedCertPem },
        { name: `${hostId}.host.ca.crt`, mode: "644", content: hostCaCertPem },
    ];
}

/** `grantor` signs `peerCsrPem` and grants the partner (add_domain.sh); stdout is `<peer>.domain.crt`. */
export function grant(name: string, grantor: NodeSide, peerId: string, peerCsrPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions): command.remote.Command {
    return trustStep(name, grantor, {
        run: ["grant", "issued-cert"], onDelete: ["revoke"], values: pairValues(grantor, peerId),
        stdin: fileBundle([csrFile(peerId, peerCsrPem)]),
    }, opts);
}

/**
 * `joiner` installs the certificate `hostId` issued it and the host's CA, routes to the host
 * (join_to_host.sh), then verifies the direction with partner traffic: one SSH session.
 */
export function joinAndVerify(name: string, joiner: NodeSide, hostId: string, hostEndpoint: pulumi.Input<string>,
    issuedCertPem: pulumi.Input<string>, hostCaCertPem: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): command.remote.Command {
    return trustStep(name, joiner, {
        run: ["join", "verify"], onDelete: ["unjoin"],
        values: pairValues(joiner, hostId, hostEndpoint),
        deleteValues: pairValues(joiner, hostId),
        stdin: fileBundle(joinFiles(hostId, issuedCertPem, hostCaCertPem)),
    }, opts);
}

/**
 * What one program runs on `node` for a pair whose other side has granted it already: `node` grants
 * the partner (its stdout ends with `<peer>.domain.crt`), then joins the partner with the
 * certificate the partner issued and verifies that direction. One SSH session.
 */
export function grantJoinAndVerify(name: string, node: NodeSide, peerId: string, peerCsrPem: pulumi.Input<string>,
    peerEndpoint: pulumi.Input<string>, issuedCertPem: pulumi.Input<string>, peerCaCertPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions): command.remote.Command {
    return trustStep(name, node, {
        run: ["grant", "join", "verify", "issued-cert"], onDelete: ["unjoin", "revoke"],
        values: pairValues(node, peerId, peerEndpoint),
        deleteValues: pairValues(node, peerId),
        stdin: fileBundle([csrFile(peerId, peerCsrPem), ...joinFiles(peerId, issuedCertPem, peerCaCertPem)]),
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
