import * as fs from "node:fs";
import * as path from "node:path";
import { HostSpec } from "./config";
import { netnsPath } from "./network";
import { pidAlive, run, spawnDaemon, stopPidFile } from "./proc";

export const sshdPidPath = (h: HostSpec) => path.join(h.dir, "sshd.pid");

function config(h: HostSpec): string {
    return [
        `ListenAddress ${h.address}:22`,
        `HostKey ${h.hostKeyPath}`,
        `PidFile none`,
        `AllowUsers ${h.user}`,
        `AuthorizedKeysFile .ssh/authorized_keys`,
        `PubkeyAuthentication yes`,
        `PasswordAuthentication no`,
        `KbdInteractiveAuthentication no`,
        `PermitRootLogin no`,
        `UsePAM no`,
        `StrictModes yes`,
        `X11Forwarding no`,
        `PrintMotd no`,
        `SetEnv DOCKER_HOST=unix://${h.dockerSocket}`,
        `Subsystem sftp /usr/lib/openssh/sftp-server`,
        "",
    ].join("\n");
}

export function sshdRunning(h: HostSpec): boolean {
    return pidAlive(sshdPidPath(h), h.sshdConfig);
}

export function startSshd(h: HostSpec): void {
    fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    fs.writeFileSync(h.sshdConfig, config(h));
    run("/usr/sbin/sshd", ["-t", "-f", h.sshdConfig]);
    spawnDaemon(
        "nsenter",
        [`--net=${netnsPath(h.netns)}`, "/usr/sbin/sshd", "-D", "-f", h.sshdConfig, "-E", path.join(h.dir, "sshd.log")],
        path.join(h.dir, "sshd.out.log"),
        sshdPidPath(h),
    );
}

export const stopSshd = (h: HostSpec) => stopPidFile(sshdPidPath(h), h.sshdConfig, 5000);
