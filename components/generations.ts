import { Generation } from "./generation";
import { kuscia03 } from "./kuscia-0.3";
import { kuscia11 } from "./kuscia-1.1";
import { Bundle, stepBundle } from "./remoteSteps";
import { shown } from "./validation";

/** The Kuscia generations this library deploys, by the version they stand for. */
export const generations = { "0.3": kuscia03, "1.1": kuscia11 } satisfies Record<string, Generation>;

/**
 * A Kuscia generation: "0.3" (0.3.0b0, MTLS with CSRs signed by each partner, the seed's) or "1.1"
 * (1.1.0b0 and 1.0.0b0: token authentication, each node's domain.crt exchanged).
 */
export type KusciaGeneration = keyof typeof generations;

export const defaultGeneration: KusciaGeneration = "0.3";

export function isGeneration(value: unknown): value is KusciaGeneration {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(generations, value);
}

export function generationProblems(field: string, value: unknown): string[] {
    return value === undefined || isGeneration(value) ? []
        : [`${field} ${shown(value)} is not a Kuscia generation this library deploys (${Object.keys(generations).map(g => `'${g}'`).join(", ")})`];
}

export function generationOf(value: KusciaGeneration | undefined): Generation {
    return generations[value ?? defaultGeneration];
}

/** The bundle of steps a node of `generation` runs on its host. */
export function generationSteps(generation?: KusciaGeneration): Bundle {
    return stepBundle(generationOf(generation).node.scriptsDir);
}
