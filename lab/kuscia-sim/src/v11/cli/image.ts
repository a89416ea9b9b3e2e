import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { kusciaHome } from "../../common/env";
import { parseFlags } from "./flags";

/**
 * `kuscia image load -i FILE` and `kuscia image list`, as far as register_app_image.sh uses them:
 * a `docker save` archive's tags are recorded (not unpacked) in the node's containerd volume.
 */
const listFile = () => path.join(kusciaHome(), "containerd", "sim-images", "kuscia-image-list");

/** Docker's reference normalisation: docker.io/library/NAME:latest. */
function normalize(ref: string): { repo: string; tag: string } {
    const colon = ref.lastIndexOf(":");
    const [name, tag] = colon > ref.lastIndexOf("/") ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, "latest"];
    const first = name.split("/")[0];
    if (!name.includes("/")) return { repo: `docker.io/library/${name}`, tag };
    if (!first.includes(".") && !first.includes(":") && first !== "localhost")
        return { repo: `docker.io/${name}`, tag };
    return { repo: name, tag };
}

function records(): string[][] {
    try {
        return fs
            .readFileSync(listFile(), "utf8")
            .split("\n")
            .filter(Boolean)
            .map(l => l.split(" "));
    } catch {
        return [];
    }
}

export function image(argv: string[]): void {
    const [verb, ...rest] = argv;
    if (verb === "load") {
        const file = parseFlags(rest, [{ long: "input", short: "i" }, { long: "store" }, { long: "runtime" }]).get(
            "input",
        );
        if (!file) throw new Error("flag --input is required");
        let manifest: any;
        try {
            manifest = JSON.parse(
                execFileSync("tar", ["-xOf", file, "manifest.json"], {
                    encoding: "utf8",
                    stdio: ["ignore", "pipe", "pipe"],
                }),
            );
        } catch {
            throw new Error(`${file}: not an image archive (no manifest.json)`);
        }
        const id = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 12);
        const kept = records();
        for (const m of manifest) {
            for (const t of m.RepoTags ?? []) {
                const { repo, tag } = normalize(t);
                const i = kept.findIndex(([r, g]) => r === repo && g === tag);
                if (i >= 0) kept.splice(i, 1);
                kept.push([repo, tag, id]);
                process.stdout.write(`Loaded image: ${repo}:${tag}\n`);
            }
        }
        fs.mkdirSync(path.dirname(listFile()), { recursive: true });
        fs.writeFileSync(listFile(), kept.map(r => r.join(" ")).join("\n") + "\n");
    } else if (verb === "list" || verb === "ls") {
        const rows = [["REPOSITORY", "TAG", "IMAGE ID"], ...records()];
        const w = [0, 1].map(i => Math.max(...rows.map(r => r[i].length)));
        process.stdout.write(
            rows.map(r => `${r[0].padEnd(w[0] + 3)}${r[1].padEnd(w[1] + 3)}${r[2]}`).join("\n") + "\n",
        );
    } else {
        throw new Error(`kuscia-sim knows only 'kuscia image load|list' (got '${verb ?? ""}')`);
    }
}
