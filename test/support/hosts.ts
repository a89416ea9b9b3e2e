// What is on a lab host, read over SSH as its login user; and how many SSH sessions an operation
// opened on each host, counted from the hosts' sshd logs.
import * as fs from "node:fs";
import * as path from "node:path";
import { stateDir } from "../../lab/config";
import type { LabHost, LabHosts } from "../../lab/state";
import { q, sshOk } from "../../lab/testing";
import { inNode, type Node } from "./seed-node";

/** The host's sshd log (LogLevel INFO, no timestamps): one "Accepted publickey" line per SSH session. */
export function sshdLog(host: LabHost): string {
    return fs.readFileSync(path.join(stateDir, host.name, "sshd.log"), "utf8");
}

/** Lines of the host's sshd log that record an accepted login, one per SSH session. */
export function acceptedSshLogins(host: LabHost): string[] {
    return sshdLog(host)
        .split(/\r?\n/)
        .filter(l => l.includes(`Accepted publickey for ${host.user} `));
}

/**
 * Runs `operation` and returns, per host name, the logins it caused (the lines the hosts' sshd
 * logged meanwhile). Anything else that logs in at the same time is counted too.
 */
export async function sshLoginsDuring<T>(
    hosts: LabHost[],
    operation: () => Promise<T>,
): Promise<{ result: T; logins: Record<string, string[]> }> {
    const before = new Map(hosts.map(h => [h.name, acceptedSshLogins(h).length]));
    const result = await operation();
    const logins = Object.fromEntries(hosts.map(h => [h.name, acceptedSshLogins(h).slice(before.get(h.name))]));
    return { result, logins };
}

/** Whether a shell test holds on the host; a failed login throws instead of reading as "no". */
function holds(lab: LabHosts, host: LabHost, test: string): boolean {
    return sshOk(lab, host, `if ${test}; then echo yes; else echo no; fi`).trim() === "yes";
}

export function pathExists(lab: LabHosts, host: LabHost, p: string): boolean {
    return holds(lab, host, `test -e ${q(p)}`);
}

export function containerExists(lab: LabHosts, host: LabHost, name: string): boolean {
    return holds(lab, host, `docker container inspect ${q(name)} >/dev/null 2>&1`);
}

export function volumeExists(lab: LabHosts, host: LabHost, name: string): boolean {
    return holds(lab, host, `docker volume inspect ${q(name)} >/dev/null 2>&1`);
}

/** Names of the containers attached to the network; undefined when there is no such network. */
export function networkContainers(lab: LabHosts, host: LabHost, network: string): string[] | undefined {
    if (!holds(lab, host, `docker network inspect ${q(network)} >/dev/null 2>&1`)) return undefined;
    return sshOk(lab, host, `docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' ${q(network)}`)
        .trim()
        .split(/\s+/)
        .filter(Boolean);
}

/** Removes the network unless some container uses it (another stack's, say). */
export function removeNetworkIfUnused(lab: LabHosts, host: LabHost, network: string): void {
    if (networkContainers(lab, host, network)?.length === 0) {
        sshOk(lab, host, `docker network rm ${q(network)} >/dev/null`);
    }
}

/** Names of the node's Kuscia objects of a kind (`kubectl get KIND [-n NAMESPACE]` in its container). */
export function kusciaObjects(lab: LabHosts, n: Node, kind: string, namespace?: string): string[] {
    const ns = namespace === undefined ? "" : ` -n ${q(namespace)}`;
    return inNode(lab, n, `kubectl get ${q(kind)}${ns} -o jsonpath='{.items[*].metadata.name}'`)
        .trim()
        .split(/\s+/)
        .filter(Boolean);
}

export function certsDirFiles(lab: LabHosts, n: Node): string[] {
    return sshOk(lab, n.host, `ls -A ${q(n.certs)}`)
        .trim()
        .split("\n")
        .filter(Boolean);
}

/** Every file of the node's certs dir, concatenated, read inside its container (some are root's, mode 600). */
export function certsDirContents(lab: LabHosts, n: Node): string {
    return inNode(lab, n, "find etc/certs/ -type f -exec cat {} +");
}

export function hostFile(lab: LabHosts, host: LabHost, p: string): string {
    return sshOk(lab, host, `cat ${q(p)}`);
}
