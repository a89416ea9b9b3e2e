import { execFileSync } from "child_process";
import * as crypto from "crypto";
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

export function genRsaKey(cwd: string, file: string): void {
  openssl(cwd, ["genrsa", "-out", file, "2048"]);
}

export function newCsr(cwd: string, keyFile: string, subject: string, csrFile: string): void {
  openssl(cwd, ["req", "-new", "-nodes", "-key", keyFile, "-subj", subject, "-out", csrFile]);
}

/** Signs `csrFile` with the node's CA (ca.crt/ca.key in `cwd`), optionally adding a subjectAltName. */
export function signWithCa(cwd: string, csrFile: string, outFile: string, days: number, subjectAltName?: string): void {
  const args = ["x509", "-req", "-in", csrFile, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", String(days), "-sha256", "-out", outFile];
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

export function csrSubjectCn(cwd: string, csrFile: string): string | undefined {
  const subject = openssl(cwd, ["req", "-in", csrFile, "-noout", "-subject", "-nameopt", "RFC2253"]);
  return /CN=([^,\n]+)/.exec(subject)?.[1]?.trim();
}

/** True when `certFile` exists, was issued by ca.crt in `cwd`, and has exactly the wanted subjectAltNames. */
export function certIsCurrent(cwd: string, certFile: string, wantedSans: string[]): boolean {
  try {
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(cwd, certFile)));
    const ca = new crypto.X509Certificate(fs.readFileSync(path.join(cwd, "ca.crt")));
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    const have = (cert.subjectAltName ?? "").split(",").map((s) => normalizeSan(s.trim())).filter(Boolean);
    const want = new Set(wantedSans.map(normalizeSan));
    return have.length === want.size && have.every((s) => want.has(s));
  } catch {
    return false;
  }
}

function normalizeSan(s: string): string {
  return s.replace(/^IP Address:/, "IP:");
}

export function exists(dir: string, file: string): boolean {
  return fs.existsSync(path.join(dir, file));
}
