import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { CrossOrganisationSteps } from "../core/crossOrganisation";
import { PeerHandshakeV03 } from "../core/handshake";
import { trustStep } from "../core/nodeHost";
import { PairTrust, TrustProcedure } from "../core/procedures";
import { FileEntry, fileBundle } from "../core/remoteSteps";
import { AuthorizationRun, TrustSide } from "../core/types";
import { throwIfProblems } from "../core/validation";
import { certificate, certificateRequest, sameKey } from "../core/x509";
import { handshakeProblemsV03, recipientProblemsV03 } from "./handshake";

/*
 * Kuscia 0.3's MTLS trust, as deploy_p2p_multi_machine_cn.md's "配置授权" sets it up: each node signs
 * its partner's CSR and grants it (add_domain.sh) and hands back the certificate; the partner installs
 * it as domain-2-<host>.crt with the host's CA and routes to it (join_to_host.sh). A handshake carries
 * the publisher's CSR and CA certificate and, once it granted the partner, the certificate it issued.
 */

type Side = TrustSide<PeerHandshakeV03>;

/** The values every trust step of `node` towards `peer` reads; the pair first, as previews cut long lines. */
function pairValues(node: Side, peerId: string, peerEndpoint?: pulumi.Input<string>) {
    return {
        SELF: node.domainId,
        PEER: peerId,
        ...(peerEndpoint === undefined ? {} : { PEER_ENDPOINT: peerEndpoint }),
        ...node.values,
    };
}

const csrFile = (peerId: string, csrPem: pulumi.Input<string>): FileEntry => ({
    name: `${peerId}.domain.csr`,
    mode: "644",
    content: csrPem,
});

/** The files a joiner installs: the certificate the host issued it and the host's CA. */
function joinFiles(
    hostId: string,
    issuedCertPem: pulumi.Input<string>,
    hostCaCertPem: pulumi.Input<string>,
): FileEntry[] {
    return [
        { name: `domain-2-${hostId}.crt`, mode: "644", content: issuedCertPem },
        { name: `${hostId}.host.ca.crt`, mode: "644", content: hostCaCertPem },
    ];
}

/** `grantor` signs `peerCsrPem` and grants the partner (add_domain.sh); stdout is `<peer>.domain.crt`. */
function addDomain(
    name: string,
    grantor: Side,
    peerId: string,
    peerCsrPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): command.remote.Command {
    return trustStep(
        name,
        grantor,
        {
            run: ["add-domain", "issued-cert"],
            onDelete: ["revoke"],
            values: pairValues(grantor, peerId),
            stdin: fileBundle([csrFile(peerId, peerCsrPem)]),
        },
        opts,
    );
}

/**
 * `joiner` installs the certificate `hostId` issued it and the host's CA, routes to the host
 * (join_to_host.sh), then verifies the direction with partner traffic: one SSH session.
 */
function joinAndVerify(
    name: string,
    joiner: Side,
    hostId: string,
    hostEndpoint: pulumi.Input<string>,
    issuedCertPem: pulumi.Input<string>,
    hostCaCertPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): command.remote.Command {
    return trustStep(
        name,
        joiner,
        {
            run: ["join", "verify"],
            onDelete: ["unjoin"],
            values: pairValues(joiner, hostId, hostEndpoint),
            deleteValues: pairValues(joiner, hostId),
            stdin: fileBundle(joinFiles(hostId, issuedCertPem, hostCaCertPem)),
        },
        opts,
    );
}

/**
 * What one program runs on `node` for a pair whose other side has granted it already: `node` grants
 * the partner (its stdout ends with `<peer>.domain.crt`), then joins the partner with the
 * certificate the partner issued and verifies that direction. One SSH session.
 */
function addDomainJoinAndVerify(
    name: string,
    node: Side,
    peerId: string,
    peerCsrPem: pulumi.Input<string>,
    peerEndpoint: pulumi.Input<string>,
    issuedCertPem: pulumi.Input<string>,
    peerCaCertPem: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): command.remote.Command {
    return trustStep(
        name,
        node,
        {
            run: ["add-domain", "join", "verify", "issued-cert"],
            onDelete: ["unjoin", "revoke"],
            values: pairValues(node, peerId, peerEndpoint),
            deleteValues: pairValues(node, peerId),
            stdin: fileBundle([csrFile(peerId, peerCsrPem), ...joinFiles(peerId, issuedCertPem, peerCaCertPem)]),
        },
        opts,
    );
}

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/;

/** The certificate a step that grants printed. */
function issuedCert(stdout: pulumi.Output<string>): pulumi.Output<string> {
    return stdout.apply(out => CERT.exec(out)?.[0] ?? out);
}

/** What a step that verifies printed about it (its lines other than an issued certificate). */
function verdict(stdout: pulumi.Output<string>): pulumi.Output<string> {
    return stdout.apply(out => out.replace(CERT, "").trim());
}

/** The node's handshake, with the certificate it issued to `issuedTo` once it granted it. */
function handshakeOf(
    side: Side,
    issuedTo: string | undefined,
    issuedCertPem: pulumi.Output<string> | undefined,
): pulumi.Output<PeerHandshakeV03> {
    return pulumi
        .all([side.handshake, issuedCertPem])
        .apply(([own, cert]) =>
            issuedTo !== undefined && cert !== undefined ? { ...own, issuedTo, issuedCertPem: cert } : own,
        );
}

/**
 * Both directions in one program. Three SSH sessions: a grants b; b grants a, joins a and verifies b -> a; a joins b
 * and verifies a -> b.
 */
function pair({ name, parent }: AuthorizationRun, a: Side, b: Side): PairTrust<PeerHandshakeV03> {
    const child = { parent };
    const csr = (s: Side) => s.handshake.apply(h => h.csrPem);
    const ca = (s: Side) => s.handshake.apply(h => h.caCertPem);
    const aGrantsB = addDomain(`${name}-${a.domainId}-grants-${b.domainId}`, a, b.domainId, csr(b), child);
    const bSide = addDomainJoinAndVerify(
        `${name}-${b.domainId}-grants-and-joins-${a.domainId}`,
        b,
        a.domainId,
        csr(a),
        a.endpoint,
        issuedCert(aGrantsB.stdout),
        ca(a),
        child,
    );
    const aJoins = joinAndVerify(
        `${name}-${a.domainId}-joins-${b.domainId}`,
        a,
        b.domainId,
        b.endpoint,
        issuedCert(bSide.stdout),
        ca(b),
        child,
    );
    return {
        handshakes: [
            handshakeOf(a, b.domainId, issuedCert(aGrantsB.stdout)),
            handshakeOf(b, a.domainId, issuedCert(bSide.stdout)),
        ],
        verdicts: [verdict(bSide.stdout), verdict(aJoins.stdout)],
    };
}

/**
 * The certificate the partner issued to `local`, once it is known to carry the local node's key (the
 * public key of its CSR): the join that installs it waits for this check, and fails without it.
 */
function issuedToLocal(origin: string, local: Side, issuedCertPem: string): pulumi.Output<string> {
    return local.handshake.apply(own => {
        const csr = certificateRequest(own.csrPem);
        const issued = certificate(issuedCertPem);
        throwIfProblems(
            csr !== undefined && issued !== undefined && sameKey(csr.publicKey, issued.publicKey)
                ? []
                : [
                      `${origin}.issuedCertPem does not carry ${local.domainId}'s public key (the key of its domain.csr): ` +
                          `the partner signed another CSR. Send it ${local.domainId}'s current handshake and let it grant again.`,
                  ],
        );
        return issuedCertPem;
    });
}

/**
 * Across organisations: the local node grants the partner, then joins it once the partner's handshake carries our
 * certificate.
 */
const crossOrganisation: CrossOrganisationSteps<PeerHandshakeV03> = {
    handshakeHolds: "its domain id, endpoint, CSR and CA",
    grant: ({ name, parent }, local, peer) =>
        addDomain(`${name}-${local.domainId}-grants-${peer.domainId}`, local, peer.domainId, peer.csrPem, { parent }),
    grantedBack: peer => peer.issuedCertPem !== undefined,
    complete: ({ name, parent }, local, peer) =>
        joinAndVerify(
            `${name}-${local.domainId}-joins-${peer.domainId}`,
            local,
            peer.domainId,
            peer.endpoint,
            issuedToLocal(`${name}.peer`, local, peer.issuedCertPem!),
            peer.caCertPem,
            { parent },
        ),
    handshake: (local, peer, grant) =>
        handshakeOf(local, peer?.domainId, grant === undefined ? undefined : issuedCert(grant.stdout)),
    grantedMessage: (me, p) =>
        `${me}: granted ${p} and issued its certificate; waiting for ${p} to grant ${me} ` +
        `(its handshake has no certificate for ${me} yet). Run up again after ${p} has.`,
    verifiedMessage: (me, p) =>
        `${me}: granted ${p}; ${me} -> ${p} verified: partner traffic passes both gateways. ` +
        `${p} -> ${me} is verified by ${p}'s own up.`,
};

export const trustV03: TrustProcedure<PeerHandshakeV03> = {
    pinnedCertificate: { field: "caCertPem", what: "its ca.crt" },
    pair,
    crossOrganisation,
    handshakeProblems: handshakeProblemsV03,
    recipientProblems: recipientProblemsV03,
};
