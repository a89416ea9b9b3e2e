import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The fields of @pulumi/command's remote connection that the step runner uses. */
export interface SshConnection {
    host: string;
    port?: number;
    user: string;
    privateKey: string;
    hostKey?: string;
}

export interface ExecResult {
    code: number;
    stdout: string;
    stderr: string;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-steps-ssh-"));

/** Runs a command line on the connection's host, as remote.Command does: the login shell, stdin piped. */
export function sshExec(c: SshConnection, command: string, stdin?: string): Promise<ExecResult> {
    const port = c.port ?? 22;
    const id = `${c.user}@${c.host}-${port}`.replace(/[^A-Za-z0-9@.-]/g, "_");
    const keyFile = path.join(dir, `${id}.key`);
    const knownHosts = path.join(dir, `${id}.known_hosts`);
    fs.writeFileSync(keyFile, c.privateKey.endsWith("\n") ? c.privateKey : `${c.privateKey}\n`, { mode: 0o600 });
    if (c.hostKey) {
        fs.writeFileSync(knownHosts, `${port === 22 ? c.host : `[${c.host}]:${port}`} ${c.hostKey}\n`);
    }
    const args = ["-i", keyFile, "-p", String(port), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", `UserKnownHostsFile=${knownHosts}`, "-o", `StrictHostKeyChecking=${c.hostKey ? "yes" : "no"}`,
        "-o", "ConnectTimeout=10", `${c.user}@${c.host}`, command];
    return new Promise((resolve, reject) => {
        const child = spawn("ssh", args, { stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", d => (stdout += d));
        child.stderr.on("data", d => (stderr += d));
        child.on("error", reject);
        child.on("close", code => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(stdin ?? "");
    });
}
