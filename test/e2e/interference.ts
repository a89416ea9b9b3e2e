// What the failure tests do to a host from outside: cut its SSH port, or put an impostor behind it.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LabHost } from "../../lab/state";
import { hostSpec } from "../../lab/config";

/** The host's network namespace. */
export function netnsOf(host: LabHost): string {
    return hostSpec(Number(host.name.replace(/^host/, ""))).netns;
}

/** Inserts an iptables `rule` in the host's namespace; returns its undo (which runs once). */
function withRule(host: LabHost, rule: string[]): () => void {
    const netns = netnsOf(host);
    const iptables = (op: string) => {
        const r = spawnSync("ip", ["netns", "exec", netns, "iptables", op, ...rule], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`iptables ${op} in ${netns}: ${r.stderr}`);
    };
    iptables("-I");
    let done = false;
    return () => {
        if (!done) iptables("-D");
        done = true;
    };
}

const reset = ["-j", "REJECT", "--reject-with", "tcp-reset"];

/** Makes the host refuse SSH connections (a reset, as a host with sshd down does); returns the undo. */
export function blockSsh(host: LabHost): () => void {
    return withRule(host, ["INPUT", "-p", "tcp", "--dport", "22", ...reset]);
}

/**
 * Makes the host refuse SSH from anywhere but `jump` (a bastion's address), as a host behind one does; returns the
 * undo.
 */
export function sshOnlyFrom(host: LabHost, jump: string): () => void {
    return withRule(host, ["INPUT", "-p", "tcp", "--dport", "22", "!", "-s", jump, ...reset]);
}

/**
 * Makes the host refuse connections to a port docker publishes (a firewall in front of a gateway); returns the undo.
 */
export function blockPublishedPort(host: LabHost, port: number): () => void {
    // Published ports are DNATed to the container before filtering: match the port the client asked for.
    return withRule(host, ["DOCKER-USER", "-p", "tcp", "-m", "conntrack", "--ctorigdstport", String(port), ...reset]);
}

/** Gives the host a second address on its network (a host with two addresses); returns the undo. */
export function secondAddress(host: LabHost, address: string): () => void {
    const netns = netnsOf(host);
    const ip = (op: string) =>
        spawnSync("ip", ["netns", "exec", netns, "ip", "addr", op, `${address}/24`, "dev", "eth0"], {
            encoding: "utf8",
        });
    ip("del");
    const r = ip("add");
    if (r.status !== 0) throw new Error(`ip addr add ${address} in ${netns}: ${r.stderr}`);
    return () => void ip("del");
}

/** An sshd with a host key of its own, answering in a host's place. */
export interface Impostor {
    /** Logins the impostor accepted (with the user's real key, which it honours as the host does). */
    acceptedLogins(): string[];
    stop(): void;
}

/**
 * A man in the middle at the host's address: connections to port 22 are redirected (iptables, in
 * the host's namespace) to a second sshd that has its own host key but the same users and keys, so
 * a client that does not check the host key logs in to it.
 */
export function impersonateSsh(host: LabHost): Impostor {
    const spec = hostSpec(Number(host.name.replace(/^host/, "")));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-kuscia-e2e-impostor-${host.name}-`));
    const key = path.join(dir, "host_key");
    const log = path.join(dir, "sshd.log");
    spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
    const config = fs
        .readFileSync(spec.sshdConfig, "utf8")
        .replace(/^ListenAddress .*$/m, `ListenAddress ${host.address}:2222`)
        .replace(/^HostKey .*$/m, `HostKey ${key}`);
    fs.writeFileSync(path.join(dir, "sshd_config"), config);
    const sshd = spawn(
        "nsenter",
        [`--net=/var/run/netns/${spec.netns}`, "/usr/sbin/sshd", "-D", "-f", path.join(dir, "sshd_config"), "-E", log],
        { stdio: "ignore" },
    );
    const rule = [
        "PREROUTING",
        "-t",
        "nat",
        "-p",
        "tcp",
        "-d",
        host.address,
        "--dport",
        "22",
        "-j",
        "REDIRECT",
        "--to-ports",
        "2222",
    ];
    const iptables = (op: string) => {
        const r = spawnSync("ip", ["netns", "exec", spec.netns, "iptables", op, ...rule], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`iptables ${op} in ${spec.netns}: ${r.stderr}`);
    };
    for (let i = 0; i < 50 && !fs.existsSync(log); i++) spawnSync("sleep", ["0.1"]);
    iptables("-I");
    let stopped = false;
    return {
        acceptedLogins: () =>
            fs.existsSync(log)
                ? fs
                      .readFileSync(log, "utf8")
                      .split("\n")
                      .filter(l => l.includes("Accepted "))
                : [],
        stop: () => {
            if (stopped) return;
            stopped = true;
            iptables("-D");
            sshd.kill();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
