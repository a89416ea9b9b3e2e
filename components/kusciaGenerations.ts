import { PeerHandshake } from "./core/handshake";
import { Generation } from "./core/procedures";
import { Bundle, stepBundle } from "./core/remoteSteps";
import { shown } from "./core/validation";
import { v03 } from "./v03";
import { v11 } from "./v11";

/** The Kuscia generations this library deploys, by the version they stand for. */
export const generations = { "0.3": v03, "1.1": v11 };

/**
 * A Kuscia generation: "0.3" (0.3.0b0, MTLS with CSRs signed by each partner, as deploy_p2p_multi_machine_cn.md
 * deploys it) or "1.1" (1.1.0b0 and 1.0.0b0: token authentication, each node's domain.crt exchanged).
 */
export type KusciaGeneration = keyof typeof generations;

export const defaultGeneration: KusciaGeneration = "0.3";

export function isGeneration(value: unknown): value is KusciaGeneration {
    return typeof value === "string" && Object.prototype.hasOwnProperty.call(generations, value);
}

export function generationProblems(field: string, value: unknown): string[] {
    return value === undefined || isGeneration(value)
        ? []
        : [
              `${field} ${shown(value)} is not a Kuscia generation this library deploys (${Object.keys(generations)
                  .map(g => `'${g}'`)
                  .join(", ")})`,
          ];
}

/** The generation's procedures, over the handshake of every generation (a node's own says which it is). */
export function generationOf(value: KusciaGeneration | undefined): Generation<PeerHandshake> {
    return generations[value ?? defaultGeneration] as Generation<PeerHandshake>;
}

/** The bundle of steps a node of `generation` runs on its host. */
export function generationSteps(generation?: KusciaGeneration): Bundle {
    return stepBundle(generationOf(generation).node.scriptsDir);
}
