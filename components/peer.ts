import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { domainIdProblems, throwIfProblems } from "./validation";

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

const pemPattern = /^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$/;

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
    if (typeof o.endpoint !== "string" || !/^[^\s:]+:[0-9]{1,5}$|^\[[0-9a-fA-F:]+\]:[0-9]{1,5}$/.test(o.endpoint)) {
        problems.push(`${origin}.endpoint must be HOST:PORT`);
    }
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

/** The partner's handshake from its stack's output, as a plain value; undefined until it publishes one. */
export async function peerFromStack(stack: pulumi.StackReference, outputName: string): Promise<PeerHandshake | undefined> {
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
