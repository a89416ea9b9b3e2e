// What the failure tests do to a host from outside: cut its SSH port, or put an impostor behind it.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LabHost } from "../../lab/state";
import { hostSpec } from "../../lab/config";

/** Makes the host refuse SSH connections (a reset, as a host with sshd down does); returns the undo. */
export function blockSsh(host: LabHost): () => void {
    const netns = hostSpec(Number(host.name.replace(/^host/, ""))).netns;
    const rule = ["INPUT", "-p", "tcp", "--dport", "22", "-j", "REJECT", "--reject-with", "tcp-reset"];
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
    const config = fs.readFileSync(spec.sshdConfig, "utf8")
        .replace(/^ListenAddress .*$/m, `ListenAddress ${host.address}:2222`)
        .replace(/^HostKey .*$/m, `HostKey ${key}`);
    fs.writeFileSync(path.join(dir, "sshd_config"), config);
    const sshd = spawn("nsenter", [`--net=/var/run/netns/${spec.netns}`, "/usr/sbin/sshd", "-D", "-f", path.join(dir, "sshd_config"), "-E", log],
        { stdio: "ignore" });
    const rule = ["PREROUTING", "-t", "nat", "-p", "tcp", "-d", host.address, "--dport", "22", "-j", "REDIRECT", "--to-ports", "2222"];
    const iptables = (op: string) => {
        const r = spawnSync("ip", ["netns", "exec", spec.netns, "iptables", op, ...rule], { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`iptables ${op} in ${spec.netns}: ${r.stderr}`);
    };
    for (let i = 0; i < 50 && !fs.existsSync(log); i++) spawnSync("sleep", ["0.1"]);
    iptables("-I");
    let stopped = false;
    return {
        acceptedLogins: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter((l) => l.includes("Accepted ")) : []),
        stop: () => {
            if (stopped) return;
            stopped = true;
            iptables("-D");
            sshd.kill();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
