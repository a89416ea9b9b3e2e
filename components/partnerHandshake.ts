import * as fs from "fs";
import { PeerHandshake } from "./core/handshake";
import { domainIdProblems, endpointProblems, KusciaValidationError, throwIfProblems } from "./core/validation";
import { normalizeFingerprint, sha256Fingerprint } from "./core/x509";
import {
    defaultGeneration,
    generationOf,
    generationProblems,
    isGeneration,
    KusciaGeneration,
} from "./kusciaGenerations";

/**
 * Whom the operator means to trust: a handshake is taken only from the partner named here and, when
 * a fingerprint is pinned, only with the partner's own certificate.
 */
export interface PartnerExpectation {
    /** The local node's domain id: the handshake must be addressed to it. */
    localDomainId: string;
    /** The partner's domain id, as agreed with the partner: a handshake that claims another id is refused. */
    partnerDomainId: string;
    /**
     * SHA-256 fingerprint of the partner's CA certificate (Kuscia 0.3) or domain.crt (1.1), as the partner read it
     * out of band (its node's `trustFingerprint` output); `AB:CD:...` as openssl prints it, colons optional.
     */
    partnerFingerprint?: string;
}

/** The generation a handshake says it is of. */
export function handshakeGeneration(h: { generation?: unknown }): unknown {
    return h.generation ?? defaultGeneration;
}

/** Checks a partner's handshake; `origin` says where it came from, for the message. */
export function handshakeProblems(origin: string, h: unknown): string[] {
    if (typeof h !== "object" || h === null) {
        return [`${origin} is not a handshake object`];
    }
    const o = h as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof o.domainId !== "string") {
        problems.push(`${origin}.domainId is required`);
    } else {
        problems.push(...domainIdProblems(`${origin}.domainId`, o.domainId));
    }
    problems.push(...endpointProblems(`${origin}.endpoint`, o.endpoint));
    const generation = handshakeGeneration(o);
    if (isGeneration(generation)) {
        problems.push(...generationOf(generation).trust.handshakeProblems(origin, o));
    } else {
        problems.push(...generationProblems(`${origin}.generation`, generation));
    }
    if (JSON.stringify(o).includes("PRIVATE KEY")) {
        problems.push(`${origin} contains a private key: a handshake must hold public material only`);
    }
    return problems;
}

/** The PEM of the certificate partners pin in a handshake of any generation (see TrustProcedure.pinnedCertificate). */
export function pinnedCertificatePem(h: PeerHandshake): string {
    const field = generationOf(handshakeGeneration(h) as KusciaGeneration).trust.pinnedCertificate.field;
    return String(h[field]);
}

/** The problem of a partner fingerprint that is not one; none when it is absent. */
export function fingerprintProblems(field: string, value: unknown): string[] {
    return value === undefined || (typeof value === "string" && normalizeFingerprint(value) !== undefined)
        ? []
        : [
              `${field} must be a SHA-256 fingerprint: 64 hex digits, colons allowed (as \`openssl x509 -noout -fingerprint -sha256\` prints it)`,
          ];
}

/**
 * Checks that a (well-formed) handshake is the named partner's, for the local node: the partner's
 * own domain id (and pinned certificate), of the local node's generation, and any certificate in it
 * issued to the local node.
 */
export function partnerProblems(
    origin: string,
    h: PeerHandshake,
    expected: PartnerExpectation,
    localGeneration?: KusciaGeneration,
): string[] {
    const problems: string[] = [];
    const { localDomainId, partnerDomainId, partnerFingerprint } = expected;
    if (h.domainId === localDomainId) {
        problems.push(`${origin}.domainId '${h.domainId}' is the local node's own domain id`);
    } else if (h.domainId !== partnerDomainId) {
        problems.push(
            `${origin}.domainId is '${h.domainId}', but the partner named for it is '${partnerDomainId}': ` +
                "refusing a handshake that claims another partner's domain id",
        );
    }
    const generation = handshakeGeneration(h) as KusciaGeneration;
    if (localGeneration !== undefined && generation !== localGeneration) {
        problems.push(
            `${origin} is from a Kuscia ${generation} node, but '${localDomainId}' is a Kuscia ${localGeneration} node: ` +
                "both partners must run the same generation",
        );
        return problems;
    }
    const trust = generationOf(generation).trust;
    if (partnerFingerprint !== undefined) {
        const pinned = trust.pinnedCertificate;
        const actual = sha256Fingerprint(pinnedCertificatePem(h));
        if (actual !== normalizeFingerprint(partnerFingerprint)) {
            problems.push(
                `${origin}.${pinned.field} (${pinned.what}) has SHA-256 fingerprint ${actual}, not the one pinned for ` +
                    `'${partnerDomainId}' (${normalizeFingerprint(partnerFingerprint) ?? partnerFingerprint}): it is not the partner's certificate`,
            );
        }
    }
    problems.push(...trust.recipientProblems(origin, h, localDomainId));
    return problems;
}

function checked(origin: string, value: unknown, expected: PartnerExpectation | undefined): PeerHandshake | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    throwIfProblems(handshakeProblems(origin, value));
    if (expected !== undefined) {
        throwIfProblems(partnerProblems(origin, value as PeerHandshake, expected));
    }
    return value as PeerHandshake;
}

/**
 * The partner's handshake from its stack's output, as a plain value; undefined until it publishes one.
 * `stack` is any `pulumi.StackReference` (typed by the one method used, so that a reference made with
 * the program's own copy of `@pulumi/pulumi` fits, whatever its version).
 * With `expected`, the handshake must also be the named partner's, for the local node (see peerFromFile):
 * read it before making the node, and a wrong one stops the program before any host is touched.
 */
export async function peerFromStack(
    stack: { getOutputDetails(name: string): Promise<{ value?: unknown; secretValue?: unknown }> },
    outputName: string,
    expected?: PartnerExpectation,
): Promise<PeerHandshake | undefined> {
    const details = await stack.getOutputDetails(outputName);
    return checked(`stack output '${outputName}'`, details.value ?? details.secretValue, expected);
}

/**
 * The partner's handshake from a JSON file it sent; undefined while the file does not exist.
 * With `expected`, it must also be the named partner's (its domain id, and its certificate when a
 * fingerprint is pinned), for the local node: not the node's own, and any certificate in it issued to it.
 */
export function peerFromFile(path: string, expected?: PartnerExpectation): PeerHandshake | undefined {
    if (!fs.existsSync(path)) {
        return undefined;
    }
    let value: unknown;
    try {
        value = JSON.parse(fs.readFileSync(path, "utf8"));
    } catch (e) {
        throw new KusciaValidationError([`handshake file ${path} is not JSON: ${e instanceof Error ? e.message : e}`]);
    }
    return checked(`handshake file ${path}`, value, expected);
}
