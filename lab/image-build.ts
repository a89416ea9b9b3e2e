import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    buildLogPath,
    cacheDir,
    HostSpec,
    imageNames,
    registryAddress,
    registryConfigPath,
    repoRoot,
    SimGeneration,
    stateDir,
} from "./config";
import { run, runLogged, tryRun } from "./proc";
import { registryHas } from "./registry";
import { ensureRootfs, imagePackages, rootfsKey } from "./rootfs";

const imageDir = path.join(repoRoot, "lab", "kuscia-sim");
const stageScript = path.join(imageDir, "stage.sh");
/** The `docker import --change` lines of each generation's image. */
const changesFiles: Record<SimGeneration, string> = {
    "0.3": path.join(imageDir, "docker-changes-v03.txt"),
    "1.1": path.join(imageDir, "docker-changes-v11.txt"),
};
/** What the lab adds to the simulator's image: its Docker cannot run --privileged (kuscia-sim README). */
const labChanges = ["ENV KUSCIA_SIM_ALLOW_UNPRIVILEGED=1"];
const recipe = (generation: SimGeneration) =>
    `overlay stage.sh ${generation} on rootfs, docker import (${labChanges.join(", ")}), push v1`;
const recordPath = (generation: SimGeneration) => path.join(cacheDir(), `image-inputs-${generation}.sha256`);

function filesUnder(dir: string, skip: Set<string>): string[] {
    if (!fs.existsSync(dir)) return [];
    const out: string[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (skip.has(e.name)) continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...filesUnder(p, skip));
        else if (e.isFile()) out.push(p);
    }
    return out.sort();
}

/** Everything the image is made of: the recipe, the rootfs packages and lab/kuscia-sim/'s sources. */
function inputsHash(packages: string[], generation: SimGeneration): string {
    const h = createHash("sha256").update(`${recipe(generation)}\n${rootfsKey(packages)}\n`);
    for (const f of filesUnder(imageDir, new Set(["dist", "node_modules"]))) {
        const st = fs.statSync(f);
        h.update(`${path.relative(imageDir, f)} ${st.mode & 0o111 ? "x" : "-"}\n`).update(fs.readFileSync(f));
    }
    return h.digest("hex");
}

export function dockerChanges(generation: SimGeneration): string[] {
    const changesFile = changesFiles[generation];
    if (!fs.existsSync(changesFile)) return [];
    return fs
        .readFileSync(changesFile, "utf8")
        .split("\n")
        .map(l => l.trim())
        .filter(l => l !== "" && !l.startsWith("#"));
}

export function dockerEnv(h: HostSpec): NodeJS.ProcessEnv {
    const config = path.join(stateDir, "docker-config");
    fs.mkdirSync(config, { recursive: true });
    return { ...process.env, DOCKER_HOST: `unix://${h.dockerSocket}`, DOCKER_CONFIG: config };
}

function importTree(tree: string, changes: string[], imageName: string, env: NodeJS.ProcessEnv): Promise<void> {
    return new Promise((resolve, reject) => {
        const log = fs.openSync(buildLogPath, "a");
        const tar = spawn("tar", ["--numeric-owner", "-C", tree, "-cf", "-", "."], { stdio: ["ignore", "pipe", log] });
        const args = ["import", ...changes.flatMap(c => ["--change", c]), "-", imageName];
        const imp = spawn("docker", args, { stdio: ["pipe", log, log], env });
        fs.closeSync(log);
        if (!tar.stdout || !imp.stdin) throw new Error("tar | docker import: pipes missing");
        tar.stdout.pipe(imp.stdin);
        let tarCode: number | null = null;
        tar.on("exit", c => (tarCode = c));
        imp.on("error", reject);
        imp.on("exit", code => {
            if (code === 0 && tarCode === 0) resolve();
            else reject(new Error(`docker import failed (tar ${tarCode}, import ${code}); see ${buildLogPath}`));
        });
    });
}

/**
 * Makes sure the registry serves the node image built from the current inputs. The build uses the
 * builder host's daemon, then removes the image there so every host gets it by pulling.
 */
export async function ensureImage(builder: HostSpec, generation: SimGeneration): Promise<"cached" | "built"> {
    const imageName = imageNames[generation];
    const packages = imagePackages();
    const inputs = inputsHash(packages, generation);
    const repoTag = imageName.slice(registryAddress.length + 1);
    const record = fs.existsSync(recordPath(generation)) ? fs.readFileSync(recordPath(generation), "utf8").trim() : "";
    if (record === inputs && (await registryHas(repoTag))) return "cached";

    const rootfs = await ensureRootfs(packages);
    const work = path.join(cacheDir(), `build-${generation}-${process.pid}`);
    const overlay = path.join(work, "overlay");
    const merged = path.join(work, "merged");
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(overlay, { recursive: true, mode: 0o755 });
    fs.mkdirSync(merged, { recursive: true });
    fs.chmodSync(overlay, 0o755);
    let mounted = false;
    try {
        let tree = rootfs;
        if (fs.existsSync(stageScript)) {
            console.log(
                `staging lab/kuscia-sim/ into the image (lab/kuscia-sim/stage.sh ${generation}); log: ${buildLogPath}`,
            );
            await runLogged("bash", [stageScript, overlay, generation], buildLogPath);
            fs.chmodSync(overlay, 0o755);
            run("mount", ["-t", "overlay", "klab-image", "-o", `lowerdir=${overlay}:${rootfs}`, merged]);
            mounted = true;
            tree = merged;
        }
        const env = dockerEnv(builder);
        console.log(`importing and pushing ${imageName}`);
        await importTree(tree, [...dockerChanges(generation), ...labChanges], imageName, env);
        await runLogged("docker", ["push", imageName], buildLogPath, env);
        await runLogged("docker", ["rmi", imageName], buildLogPath, env);
        // Earlier builds' layers are untagged now; the registry's storage is in the cache, keep it small.
        await runLogged(
            "/usr/bin/docker-registry",
            ["garbage-collect", "--delete-untagged", registryConfigPath],
            buildLogPath,
        );
    } finally {
        if (mounted) tryRun("umount", [merged]);
        if (!mounted || tryRun("mountpoint", ["-q", merged]).status !== 0)
            fs.rmSync(work, { recursive: true, force: true });
    }
    fs.writeFileSync(recordPath(generation), `${inputs}\n`);
    return "built";
}
