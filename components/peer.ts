import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { domainIdProblems, endpointProblems, throwIfProblems } from "./validation";

/**
 * What one organisation publishes for its partner: public material only.
 * `issuedCertPem` is the certificate this side's CA issued to `issuedTo` (the partner's domain-2-<us>.crt).
 */
export interface PeerHandshake {
    domainId: string;
    endpoint: string;
    csrPem: string;
    caCertPem: string;
    issuedTo?: string;
    issuedCertPem?: string;
}

/** One PEM block: a label, base64 lines, the same label; nothing else (no text a shell or sed could read as code). */
const pemPattern = /^-----BEGIN ([A-Z ]+)-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1-----\s*$/;

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
    for (const field of ["csrPem", "caCertPem"]) {
        if (typeof o[field] !== "string" || !pemPattern.test(o[field] as string)) {
            problems.push(`${origin}.${field} must be a PEM block`);
        }
    }
    if (o.issuedCertPem !== undefined && (typeof o.issuedCertPem !== "string" || !pemPattern.test(o.issuedCertPem))) {
        problems.push(`${origin}.issuedCertPem must be a PEM block`);
    }
    if (JSON.stringify(o).includes("PRIVATE KEY")) {
        problems.push(`${origin} contains a private key: a handshake must hold public material only`);
    }
    return problems;
}

function checked(origin: string, value: unknown): PeerHandshake | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    throwIfProblems(handshakeProblems(origin, value));
    return value as PeerHandshake;
}

/**
 * The partner's handshake from its stack's output, as a plain value; undefined until it publishes one.
 * `stack` is any `pulumi.StackReference` (typed by the one method used, so that a reference made with
 * the program's own copy of `@pulumi/pulumi` fits, whatever its version).
 */
export async function peerFromStack(
    stack: { getOutputDetails(name: string): Promise<{ value?: any; secretValue?: any }> },
    outputName: string,
): Promise<PeerHandshake | undefined> {
    const details = await stack.getOutputDetails(outputName);
    return checked(`stack output '${outputName}'`, details.value ?? details.secretValue);
}

/** The partner's handshake from a JSON file it sent; undefined while the file does not exist. */
export function peerFromFile(path: string): PeerHandshake | undefined {
    if (!fs.existsSync(path)) {
        return undefined;
    }
    return checked(`handshake file ${path}`, JSON.parse(fs.readFileSync(path, "utf8")));
}
