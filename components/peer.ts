import * as fs from "fs";
import { domainIdProblems, endpointProblems, KusciaValidationError, throwIfProblems } from "./validation";

/**
 * What one organisation publishes for its partner: public material only.
 * `issuedCertPem` is the certificate this side's CA issued to `issuedTo` (the partner's domain-2-<us>.crt).
 */
export interface PeerHandshake {
    /** The publishing node's domain id. */
    domainId: string;
    /** Its gateway, `HOST:PORT` (HOST an IPv4 address or an RFC 1123 name). */
    endpoint: string;
    /** Its `domain.csr`, for the partner to sign when it grants. */
    csrPem: string;
    /** Its `ca.crt`, which the partner installs as `<id>.host.ca.crt`. */
    caCertPem: string;
    /** The domain id the publisher issued `issuedCertPem` to: the partner. */
    issuedTo?: string;
    /** The certificate the publisher issued to the partner, once it granted it (the partner's `domain-2-<id>.crt`). */
    issuedCertPem?: string;
}

/** One PEM block of the given label: base64 lines between its lines; nothing else (no text a shell or sed could read as code). */
function isPemBlock(value: unknown, label: string): boolean {
    return typeof value === "string"
        && new RegExp(`^-----BEGIN ${label}-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END ${label}-----\\s*$`).test(value);
}

const pemFields: [keyof PeerHandshake, string][] = [["csrPem", "CERTIFICATE REQUEST"], ["caCertPem", "CERTIFICATE"], ["issuedCertPem", "CERTIFICATE"]];

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
    for (const [field, label] of pemFields) {
        if ((field !== "issuedCertPem" || o[field] !== undefined) && !isPemBlock(o[field], label)) {
            problems.push(`${origin}.${field} must be one PEM block of ${label}`);
        }
    }
    if ((o.issuedTo === undefined) !== (o.issuedCertPem === undefined)) {
        problems.push(`${origin}: issuedTo and issuedCertPem go together`);
    } else if (o.issuedTo !== undefined && (typeof o.issuedTo !== "string" || domainIdProblems("", o.issuedTo).length > 0)) {
        problems.push(`${origin}.issuedTo must be a domain id`);
    }
    if (JSON.stringify(o).includes("PRIVATE KEY")) {
        problems.push(`${origin} contains a private key: a handshake must hold public material only`);
    }
    return problems;
}

/** Checks that a (well-formed) handshake is a partner's for `localDomainId`: not its own, and any certificate in it issued to it. */
export function recipientProblems(origin: string, h: PeerHandshake, localDomainId: string): string[] {
    const problems: string[] = [];
    if (h.domainId === localDomainId) {
        problems.push(`${origin}.domainId '${h.domainId}' is the local node's own domain id`);
    }
    if (h.issuedCertPem !== undefined && h.issuedTo !== localDomainId) {
        problems.push(`${origin}.issuedCertPem was issued to '${h.issuedTo}', not to '${localDomainId}'`);
    }
    return problems;
}

function checked(origin: string, value: unknown, localDomainId: string | undefined): PeerHandshake | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    throwIfProblems(handshakeProblems(origin, value));
    if (localDomainId !== undefined) {
        throwIfProblems(recipientProblems(origin, value as PeerHandshake, localDomainId));
    }
    // Frozen: what was checked is what the authorization uses.
    const handshake = Object.freeze(value as PeerHandshake);
    checkedHandshakes.add(handshake);
    return handshake;
}

/** Handshakes peerFromStack or peerFromFile checked already, naming where they came from. */
const checkedHandshakes = new WeakSet<PeerHandshake>();

/** The handshake's own problems, unless peerFromStack or peerFromFile has checked it. */
export function uncheckedHandshakeProblems(origin: string, h: PeerHandshake): string[] {
    return checkedHandshakes.has(h) ? [] : handshakeProblems(origin, h);
}

/**
 * The partner's handshake from its stack's output, as a plain value; undefined until it publishes one.
 * `stack` is any `pulumi.StackReference` (typed by the one method used, so that a reference made with
 * the program's own copy of `@pulumi/pulumi` fits, whatever its version).
 * With `localDomainId`, the handshake must also be addressed to that node (see peerFromFile): read
 * it before making the node, and a wrong one stops the program before any host is touched.
 */
export async function peerFromStack(
    stack: { getOutputDetails(name: string): Promise<{ value?: any; secretValue?: any }> },
    outputName: string,
    localDomainId?: string,
): Promise<PeerHandshake | undefined> {
    const details = await stack.getOutputDetails(outputName);
    return checked(`stack output '${outputName}'`, details.value ?? details.secretValue, localDomainId);
}

/**
 * The partner's handshake from a JSON file it sent; undefined while the file does not exist.
 * With `localDomainId`, it must also be for that node: not the node's own, and any certificate in it
 * issued to it.
 */
export function peerFromFile(path: string, localDomainId?: string): PeerHandshake | undefined {
    if (!fs.existsSync(path)) {
        return undefined;
    }
    let value: unknown;
    try {
        value = JSON.parse(fs.readFileSync(path, "utf8"));
    } catch (e) {
        throw new KusciaValidationError([`handshake file ${path} is not JSON: ${e instanceof Error ? e.message : e}`]);
    }
    return checked(`handshake file ${path}`, value, localDomainId);
}
