import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Runs openssl in `cwd`; throws with openssl's own message when it fails. */
export function openssl(cwd: string, args: string[]): string {
    try {
        return execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    } catch (e: any) {
        throw new Error(`openssl ${args[0]} failed: ${String(e.stderr || e.message).trim()}`);
    }
}

let major: number | undefined;

/** The major version of the openssl on PATH (1 in the real image, 3 on Debian bookworm). */
function opensslMajor(): number {
    if (major === undefined) major = Number(/^OpenSSL (\d+)\./.exec(openssl(".", ["version"]))?.[1] ?? 3);
    return major;
}

/**
 * `openssl genrsa -out FILE 2048` as the real image runs it: its openssl 1.1 writes a PKCS#1 key
 * (`RSA PRIVATE KEY`), which Kuscia requires for domain.key and ca.key. openssl 3 writes PKCS#8
 * unless told `-traditional`.
 */
export function genRsaKey(cwd: string, file: string): void {
    openssl(cwd, ["genrsa", ...(opensslMajor() >= 3 ? ["-traditional"] : []), "-out", file, "2048"]);
}

/** `openssl req -new -nodes -key KEY -subj SUBJECT [-addext EXT]... -out CSR`. */
export function newCsr(cwd: string, keyFile: string, subject: string, csrFile: string, addext: string[] = []): void {
    openssl(cwd, [
        "req",
        "-new",
        "-nodes",
        "-key",
        keyFile,
        "-subj",
        subject,
        ...addext.flatMap(e => ["-addext", e]),
        "-out",
        csrFile,
    ]);
}

/**
 * The IPv4 address of eth0, as the real scripts read it (`ip -4 addr show eth0`): in a throw-away
 * init container, that container's own address on the docker network. The real scripts fail
 * without one; outside Docker (KUSCIA_HOME set, the tests) the sim uses 127.0.0.1 instead.
 */
export function eth0Address(): string {
    const a = os.networkInterfaces().eth0?.find(i => i.family === "IPv4");
    if (a) return a.address;
    if (process.env.KUSCIA_HOME) return "127.0.0.1";
    throw new Error("eth0 has no IPv4 address (ip -4 addr show eth0)");
}

/** Signs `csrFile` with the node's CA (ca.crt/ca.key in `cwd`), optionally adding a subjectAltName. */
export function signWithCa(cwd: string, csrFile: string, outFile: string, days: number, subjectAltName?: string): void {
    const args = [
        "x509",
        "-req",
        "-in",
        csrFile,
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        String(days),
        "-sha256",
        "-out",
        outFile,
    ];
    if (!subjectAltName) {
        openssl(cwd, args);
        return;
    }
    const ext = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-sim-")), "ext.cnf");
    try {
        fs.writeFileSync(ext, `subjectAltName=${subjectAltName}\n`);
        openssl(cwd, [...args, "-extfile", ext]);
    } finally {
        fs.rmSync(path.dirname(ext), { recursive: true, force: true });
    }
}

export function exists(dir: string, file: string): boolean {
    return fs.existsSync(path.join(dir, file));
}
