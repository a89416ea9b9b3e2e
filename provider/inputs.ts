import * as pulumi from "@pulumi/pulumi";

/** An Output as the SDK implements it: whether its value is known and secret, and the value. */
interface OutputState {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(): Promise<unknown>;
}

/**
 * Construct receives an input as an Output when it is secret or depends on resources. The components check their
 * plain arguments now (domain ids, generations, host keys), so every known value is taken out of its Output; a secret
 * stays a secret Output, and a value the engine does not know yet (a preview) stays the Output it is.
 */
async function settle(value: unknown): Promise<unknown> {
    if (!pulumi.Output.isInstance(value)) {
        return value;
    }
    const o = value as unknown as OutputState;
    if (!(await o.isKnown) || (await o.isSecret)) {
        return value;
    }
    // A Python None or a Go nil inside an Output (a partner's handshake not published yet) is an absent argument.
    return (await o.promise()) ?? undefined;
}

export async function settledInputs(inputs: pulumi.Inputs): Promise<Record<string, unknown>> {
    const entries = await Promise.all(Object.entries(inputs).map(async ([k, v]) => [k, await settle(v)] as const));
    return Object.fromEntries(entries);
}

/** The provider receives secrets wrapped as the RPC layer marks them; the probe's logic takes plain values. */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (typeof value === "object" && value !== null) {
        const o = value as Record<string, unknown>;
        if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
            return unwrapSecrets(o.value);
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}
