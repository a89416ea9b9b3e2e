import * as fs from "fs";
import type { PeerHandshake03 } from "./kuscia-0.3/handshake";
import type { PeerHandshake11 } from "./kuscia-1.1/handshake";
import { defaultGeneration, generationOf, generationProblems, isGeneration, KusciaGeneration } from "./generations";
import { domainIdProblems, endpointProblems, KusciaValidationError, throwIfProblems } from "./validation";

/** What one organisation publishes for its partner (public material only): the fields of its Kuscia generation's handshake. */
export type PeerHandshake = PeerHandshake03 | PeerHandshake11;
export type { PeerHandshake03, PeerHandshake11 };

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

/**
 * Checks that a (well-formed) handshake is a partner's for the local node: not its own, of its
 * generation, and any certificate in it issued to it.
 */
export function recipientProblems(origin: string, h: PeerHandshake, localDomainId: string, localGeneration?: KusciaGeneration): string[] {
    const problems: string[] = [];
    if (h.domainId === localDomainId) {
        problems.push(`${origin}.domainId '${h.domainId}' is the local node's own domain id`);
    }
    const generation = handshakeGeneration(h) as KusciaGeneration;
    if (localGeneration !== undefined && generation !== localGeneration) {
        problems.push(`${origin} is from a Kuscia ${generation} node, but '${localDomainId}' is a Kuscia ${localGeneration} node: `
            + "both partners must run the same generation");
        return problems;
    }
    problems.push(...generationOf(generation).trust.recipientProblems(origin, h, localDomainId));
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
