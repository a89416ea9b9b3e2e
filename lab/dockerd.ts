import * as fs from "node:fs";
import * as path from "node:path";
import { HostSpec, registryAddress } from "./config";
import { httpStatus } from "./http-check";
import { netnsPath } from "./network";
import { childrenOf, pidAlive, pidsMatching, spawnDaemon, stopPid, stopPidFile, waitFor } from "./proc";

const containerdPid = (h: HostSpec) => path.join(h.dir, "containerd.pid");
const dockerdPid = (h: HostSpec) => path.join(h.dir, "dockerd.pid");

function containerdConfig(h: HostSpec): string {
    return [
        "version = 2",
        `root = "${h.containerdDir}"`,
        `state = "${path.join(h.runDir, "containerd")}"`,
        `disabled_plugins = ["io.containerd.grpc.v1.cri"]`,
        "[grpc]",
        `  address = "${h.containerdSocket}"`,
        "",
    ].join("\n");
}

export function dockerRunning(h: HostSpec): boolean {
    return pidAlive(containerdPid(h), h.containerdConfig) && pidAlive(dockerdPid(h), h.dataRoot);
}

export const dockerAnswers = async (h: HostSpec) =>
    (await httpStatus({ socketPath: h.dockerSocket, path: "/_ping" })) === 200;

/** This host's containerd and dockerd, both in the host's network namespace. */
export async function startDocker(h: HostSpec): Promise<void> {
    fs.mkdirSync(h.runDir, { recursive: true });
    fs.writeFileSync(h.containerdConfig, containerdConfig(h));
    // An empty daemon.json so the machine's /etc/docker/daemon.json never applies.
    fs.writeFileSync(h.daemonJson, "{}\n");
    const ns = `--net=${netnsPath(h.netns)}`;
    spawnDaemon(
        "nsenter",
        [ns, "containerd", "--config", h.containerdConfig],
        path.join(h.dir, "containerd.log"),
        containerdPid(h),
    );
    await waitFor(`${h.name} containerd socket`, () => fs.existsSync(h.containerdSocket), 30_000);
    fs.rmSync(h.dockerSocket, { force: true });
    spawnDaemon(
        "nsenter",
        [
            ns,
            "dockerd",
            "--config-file",
            h.daemonJson,
            "--data-root",
            h.dataRoot,
            "--exec-root",
            h.execRoot,
            "--pidfile",
            path.join(h.runDir, "dockerd.pid"),
            "--containerd",
            h.containerdSocket,
            "-H",
            `unix://${h.dockerSocket}`,
            "-G",
            h.user,
            "--storage-driver",
            "overlay2",
            "--insecure-registry",
            registryAddress,
        ],
        path.join(h.dir, "dockerd.log"),
        dockerdPid(h),
    );
    await waitFor(`${h.name} dockerd to answer on ${h.dockerSocket}`, () => dockerAnswers(h), 60_000);
}

/**
 * dockerd stops its containers on SIGTERM; then containerd. Shims outlive a killed containerd
 * (e.g. a session's lab ended with SIGKILL): their containers' init processes are killed (which
 * ends each container's pid namespace), then the shims.
 */
export async function stopDocker(h: HostSpec): Promise<void> {
    await stopPidFile(dockerdPid(h), h.dataRoot, 60_000);
    await stopPidFile(containerdPid(h), h.containerdConfig, 10_000);
    for (const shim of pidsMatching(h.containerdSocket)) {
        for (const init of childrenOf(shim)) {
            try {
                process.kill(init, "SIGKILL");
            } catch {
                // already gone
            }
        }
        await stopPid(shim, h.containerdSocket, 5_000);
    }
}
