import { LabHost, LabHosts } from "./state";

/** ssh options that pin the lab's host keys and never prompt. */
export function sshOptions(
    lab: Pick<LabHosts, "knownHostsPath">,
    host: LabHost,
    knownHostsPath = lab.knownHostsPath,
): string[] {
    return [
        "-i",
        host.privateKeyPath,
        "-p",
        String(host.sshPort),
        "-o",
        "BatchMode=yes",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        `UserKnownHostsFile=${knownHostsPath}`,
        "-o",
        "GlobalKnownHostsFile=/dev/null",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "LogLevel=ERROR",
    ];
}

export function sshArgs(lab: LabHosts, host: LabHost, remoteCommand: string, knownHostsPath?: string): string[] {
    return [...sshOptions(lab, host, knownHostsPath), `${host.user}@${host.address}`, remoteCommand];
}
