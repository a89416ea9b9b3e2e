// What the failure tests do to a host from outside: cut its SSH port.
import { spawnSync } from "node:child_process";
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
