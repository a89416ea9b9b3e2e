import * as fs from "fs";
import * as path from "path";

/** Which Kuscia the staged tree simulates: stage.sh writes sim/generation for 1.1 only. */
export type Generation = "0.3" | "1.1";

let cached: Generation | undefined;

export function generation(): Generation {
    if (cached === undefined) {
        let text = "";
        try {
            // This file is sim/common/generation.js in the staged tree.
            text = fs.readFileSync(path.resolve(__dirname, "..", "generation"), "utf8").trim();
        } catch {
            text = "0.3";
        }
        cached = text === "1.1" ? "1.1" : "0.3";
    }
    return cached;
}
