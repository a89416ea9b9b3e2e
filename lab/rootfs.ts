import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildLogPath, cacheDir, repoRoot, suite } from "./config";
import { aptMirror } from "./mirror";
import { runLogged } from "./proc";

const packagesFile = path.join(repoRoot, "lab", "kuscia-sim", "packages.txt");
// Until lab/kuscia-sim/packages.txt exists: enough for the lab's own checks.
const fallbackPackages = ["bash", "coreutils", "ca-certificates", "curl", "openssl", "procps"];
const recipe = "debootstrap --variant=minbase v1";

export function imagePackages(): string[] {
    if (!fs.existsSync(packagesFile)) return fallbackPackages;
    const names = fs
        .readFileSync(packagesFile, "utf8")
        .split("\n")
        .map(l => l.replace(/#.*/, "").trim())
        .filter(l => l !== "");
    for (const n of names)
        if (!/^[a-z0-9][a-z0-9+.-]+$/.test(n))
            throw new Error(`lab/kuscia-sim/packages.txt: '${n}' is not a Debian package name`);
    return [...new Set(names)].sort();
}

export function rootfsKey(packages: string[]): string {
    return createHash("sha256")
        .update(`${recipe}\n${suite}\n${packages.join("\n")}`)
        .digest("hex")
        .slice(0, 16);
}

/** The cached debootstrap tree for these packages; built when missing (minutes), reused otherwise. */
export async function ensureRootfs(packages: string[]): Promise<string> {
    const root = path.join(cacheDir(), "rootfs");
    const dir = path.join(root, rootfsKey(packages));
    const done = `${dir}.done`;
    if (fs.existsSync(done) && fs.existsSync(dir)) return dir;
    fs.mkdirSync(root, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    const mirror = aptMirror(suite);
    console.log(`debootstrap ${suite} (${packages.length} packages) into the cache; log: ${buildLogPath}`);
    await runLogged(
        "debootstrap",
        [
            "--variant=minbase",
            `--include=${packages.join(",")}`,
            ...(mirror.keyring ? [`--keyring=${mirror.keyring}`] : []),
            suite,
            tmp,
            mirror.uri,
        ],
        buildLogPath,
    );
    for (const sub of ["var/cache/apt/archives", "var/lib/apt/lists"]) {
        const d = path.join(tmp, sub);
        for (const e of fs.readdirSync(d)) {
            if (e !== "partial" && e !== "lock") fs.rmSync(path.join(d, e), { recursive: true, force: true });
        }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    fs.writeFileSync(done, packages.join("\n") + "\n");
    for (const e of fs.readdirSync(root)) {
        const p = path.join(root, e);
        if (p !== dir && p !== done) fs.rmSync(p, { recursive: true, force: true });
    }
    return dir;
}
