import * as fs from "node:fs";
import * as path from "node:path";
import {
    bridgeAddress,
    cacheDir,
    registryAddress,
    registryConfigPath,
    registryLogPath,
    registryPidPath,
} from "./config";
import { httpStatus } from "./http-check";
import { pidAlive, spawnDaemon, stopPidFile, waitFor } from "./proc";

export const registryStorage = () => path.join(cacheDir(), "registry");

function config(): string {
    return [
        "version: 0.1",
        "log:",
        "  level: info",
        "storage:",
        "  filesystem:",
        `    rootdirectory: ${registryStorage()}`,
        "  delete:",
        "    enabled: true",
        "http:",
        `  addr: ${registryAddress}`,
        "",
    ].join("\n");
}

export const registryRunning = () => pidAlive(registryPidPath, registryConfigPath);

export const registryAnswers = async () =>
    (await httpStatus({ host: bridgeAddress, port: 5000, path: "/v2/" })) === 200;

/** Debian's docker-registry on the bridge address, storage in the cache so images survive `down`. */
export async function startRegistry(): Promise<void> {
    fs.mkdirSync(registryStorage(), { recursive: true });
    fs.writeFileSync(registryConfigPath, config());
    spawnDaemon("/usr/bin/docker-registry", ["serve", registryConfigPath], registryLogPath, registryPidPath);
    await waitFor(`the registry at ${registryAddress}`, registryAnswers, 30_000);
}

export const stopRegistry = () => stopPidFile(registryPidPath, registryConfigPath, 10_000);

/** Whether the registry holds a manifest for name:tag (e.g. secretflow/kuscia-sim:0.3.0b0). */
export async function registryHas(repoAndTag: string): Promise<boolean> {
    const [repo, tag] = repoAndTag.split(":");
    const status = await httpStatus({
        host: bridgeAddress,
        port: 5000,
        method: "HEAD",
        path: `/v2/${repo}/manifests/${tag}`,
        headers: { Accept: "application/vnd.docker.distribution.manifest.v2+json" },
    });
    return status === 200;
}
