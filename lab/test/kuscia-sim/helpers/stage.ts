import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const imageDir = path.join(repoRoot, "lab", "kuscia-sim");

function* files(dir: string): Generator<string> {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) yield* files(p);
        else yield p;
    }
}

/**
 * Which node stage.sh lays out: Kuscia 0.3.0b0's (rootfs-v03/) or 1.1.0b0's (rootfs-v11/), each over rootfs-common/.
 */
export type Generation = "0.3" | "1.1";

/** A fingerprint of everything stage.sh reads, so test files share one staged copy per source state. */
function sourceHash(): string {
    const h = crypto.createHash("sha256");
    const trees = ["src", "rootfs-common", "rootfs-v03", "rootfs-v11"].map(t => path.join(imageDir, t));
    for (const p of [
        path.join(imageDir, "stage.sh"),
        path.join(imageDir, "tsconfig.json"),
        ...trees.flatMap(t => [...files(t)]),
    ]) {
        h.update(path.relative(imageDir, p))
            .update(fs.readFileSync(p))
            .update(String(fs.statSync(p).mode));
    }
    return h.digest("hex").slice(0, 16);
}

/**
 * Runs lab/kuscia-sim/stage.sh once per generation for the current sources (under a lock) and returns
 * DESTROOT/home/kuscia.
 */
export function stagedHome(generation: Generation = "0.3"): string {
    const dest = path.join(os.tmpdir(), `kuscia-sim-stage-${generation === "0.3" ? "v03" : "v11"}-${sourceHash()}`);
    const done = path.join(dest, ".staged");
    // One lock for every staging: stage.sh compiles into the one lab/kuscia-sim/dist.
    const lock = path.join(os.tmpdir(), "kuscia-sim-stage.lock");
    const deadline = Date.now() + 120000;
    while (!fs.existsSync(done)) {
        try {
            fs.mkdirSync(lock);
        } catch {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
            execFileSync("sleep", ["0.2"]);
            continue;
        }
        try {
            if (!fs.existsSync(done)) {
                fs.rmSync(dest, { recursive: true, force: true });
                execFileSync("bash", [path.join(imageDir, "stage.sh"), dest, generation], {
                    stdio: ["ignore", "ignore", "inherit"],
                });
                fs.writeFileSync(done, "");
            }
        } finally {
            fs.rmdirSync(lock);
        }
    }
    return path.join(dest, "home", "kuscia");
}
