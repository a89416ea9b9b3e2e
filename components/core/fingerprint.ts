import * as crypto from "crypto";

/** A short hash of public material, for labels and triggers. */
export function fingerprintOf(parts: string[]): string {
    return crypto.createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}
