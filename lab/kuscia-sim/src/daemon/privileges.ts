import * as fs from "fs";

/** Set by the lab's image build only: the lab's Docker cannot run privileged containers. */
const ALLOW_UNPRIVILEGED = "KUSCIA_SIM_ALLOW_UNPRIVILEGED";

/**
 * Refuses to run where real Kuscia 0.3.0b0 cannot: its entrypoint writes cgroups and runs k3s and
 * iptables, which a container without --privileged does not allow (Docker mounts the cgroup
 * hierarchy read-only there). `mountsFile` (KUSCIA_SIM_MOUNTS, for tests) defaults to /proc/self/mounts.
 */
export function requirePrivileged(env: NodeJS.ProcessEnv = process.env): void {
    const mountsFile = env.KUSCIA_SIM_MOUNTS || "/proc/self/mounts";
    let mounts = "";
    try {
        mounts = fs.readFileSync(mountsFile, "utf8");
    } catch {
        return;
    }
    const readOnly = mounts
        .split("\n")
        .map(l => l.split(" "))
        .find(
            ([, target, type, options]) =>
                (type === "cgroup" || type === "cgroup2") && options?.split(",").includes("ro") && target,
        );
    if (!readOnly) return;
    if (env[ALLOW_UNPRIVILEGED] === "1") return;
    throw new Error(
        `${readOnly[1]} is mounted read-only: this container is not privileged, and Kuscia's k3s cannot manage cgroups ` +
            `or iptables. ` +
            `Run the node with --privileged (the lab sets ${ALLOW_UNPRIVILEGED}=1 instead).`,
    );
}
