import * as path from "node:path";
import { hostSpec, imageNames, registryAddress, registryConfigPath, registryPidPath } from "./config";
import { pidAlive, readPid, tryRun } from "./proc";
import { registryAnswers, registryHas } from "./registry";
import { sshArgs } from "./ssh-client";
import { knownHostIndexes, readHosts } from "./state";

const mark = (ok: boolean) => (ok ? "ok" : "FAIL");

function pidLine(label: string, pidPath: string, marker: string): [string, boolean] {
    const pid = readPid(pidPath);
    const alive = pidAlive(pidPath, marker);
    return [`${label} ${pid ?? "-"} ${alive ? "alive" : "dead"}`, alive];
}

/** Prints each host's daemons and whether ssh and docker over ssh answer; false when anything is down. */
export async function status(): Promise<boolean> {
    const lab = readHosts();
    const indexes = knownHostIndexes();
    if (!lab && indexes.length === 0) {
        console.log("lab is down (no .lab/hosts.json)");
        return false;
    }
    let allOk = true;
    const [regPid, regAlive] = pidLine("pid", registryPidPath, registryConfigPath);
    const regAnswers = await registryAnswers();
    const hasImage =
        regAnswers &&
        (
            await Promise.all(
                Object.values(imageNames).map(name => registryHas(name.slice(registryAddress.length + 1))),
            )
        ).every(Boolean);
    console.log(
        `registry ${registryAddress}: ${regPid}, http ${mark(regAnswers)}, image ${hasImage ? "present" : "missing"}`,
    );
    allOk &&= regAlive && regAnswers && hasImage;
    for (const i of indexes) {
        const h = hostSpec(i);
        const parts: string[] = [];
        for (const [label, file, marker] of [
            ["containerd", "containerd.pid", h.containerdConfig],
            ["dockerd", "dockerd.pid", h.dataRoot],
            ["sshd", "sshd.pid", h.sshdConfig],
        ]) {
            const [line, alive] = pidLine(label, path.join(h.dir, file), marker);
            parts.push(line);
            allOk &&= alive;
        }
        const host = lab?.hosts.find(x => x.name === h.name);
        let ssh = false;
        let docker = false;
        if (host && lab) {
            ssh = tryRun("ssh", sshArgs(lab, host, "true"), { timeoutMs: 20_000 }).status === 0;
            const r = tryRun("ssh", sshArgs(lab, host, "docker info --format '{{.DockerRootDir}}'"), {
                timeoutMs: 30_000,
            });
            docker = r.status === 0 && r.stdout.trim() === h.dataRoot;
        }
        allOk &&= ssh && docker;
        console.log(
            `${h.name} ${h.address} ${h.user}: ${parts.join(", ")}; ssh ${mark(ssh)}, docker over ssh ${mark(docker)}`,
        );
    }
    return allOk;
}
