// What the failure tests do to a run from outside: cut a lab host's SSH port, interrupt a pulumi up.
import { spawn, spawnSync } from "node:child_process";
import type { LabHost, LabHosts } from "../../lab/state";
import { removeNode, type Node } from "../lab/seed-node";
import { removeNetworkIfUnused } from "./hosts";
import { exchangeNetwork } from "./node-checks";
import { hostSpec } from "../../lab/config";
import type { PulumiRun, Stack } from "./pulumi";

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

/**
 * `pulumi up` that gets SIGINT, as from Ctrl-C in its terminal (the whole process group), once its
 * output matches `when`. Resolves when pulumi has exited.
 */
export function interruptedUp(stack: Stack, when: RegExp, timeoutMs = 10 * 60_000): Promise<PulumiRun> {
    const args = ["up", "--yes", "--cwd", stack.programDir, "--stack", stack.name, "--non-interactive", "--color", "never"];
    const started = Date.now();
    return new Promise((resolve) => {
        const child = spawn("pulumi", args, { env: stack.backend.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        let stdout = "";
        let stderr = "";
        let signalled = false;
        const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), timeoutMs);
        child.stdout.on("data", (d) => {
            stdout += d;
            if (!signalled && when.test(stdout)) {
                signalled = true;
                process.kill(-child.pid!, "SIGINT");
            }
        });
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => {
            clearTimeout(timer);
            const seconds = Math.round((Date.now() - started) / 100) / 10;
            resolve({ command: `${args.join(" ")} (SIGINT ${signalled ? "sent" : "never sent"})`, status: code ?? -1, stdout, stderr, seconds, log: "(not logged)" });
        });
    });
}

/** What a rebuilt host has lost of the node: its container, volume, dirs, and the exchange network if no other container uses it. */
export function wipeNode(lab: LabHosts, n: Node): void {
    removeNode(lab, n);
    removeNetworkIfUnused(lab, n.host, exchangeNetwork);
}
