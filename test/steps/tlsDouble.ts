import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Stand-ins for @pulumi/tls's resources, made with the openssl CLI, so that the library's stack
// identity can be installed on real hosts while the tls plugin cannot be built here.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-steps-tls-"));
let n = 0;

function tmp(name: string, content?: string): string {
    const file = path.join(dir, `${n++}-${name}`);
    if (content !== undefined) {
        fs.writeFileSync(file, content, { mode: 0o600 });
    }
    return file;
}

function openssl(args: string[]): void {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export function privateKey(inputs: any): Record<string, string> {
    const out = tmp("key.pem");
    if (inputs.algorithm === "ED25519") {
        openssl(["genpkey", "-algorithm", "ed25519", "-out", out]);
    } else {
        openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${inputs.rsaBits ?? 2048}`, "-out", out]);
    }
    return { privateKeyPem: fs.readFileSync(out, "utf8") };
}

function sanExtension(inputs: any): string[] {
    const sans = [...(inputs.dnsNames ?? []).map((d: string) => `DNS:${d}`), ...(inputs.ipAddresses ?? []).map((i: string) => `IP:${i}`)];
    return sans.length ? ["-addext", `subjectAltName=${sans.join(",")}`] : [];
}

export function certRequest(inputs: any): Record<string, string> {
    const key = tmp("req.key", inputs.privateKeyPem);
    const out = tmp("req.csr");
    openssl(["req", "-new", "-key", key, "-subj", `/CN=${inputs.subject.commonName}`, ...sanExtension(inputs), "-out", out]);
    return { certRequestPem: fs.readFileSync(out, "utf8") };
}

export function selfSignedCert(inputs: any): Record<string, string> {
    const key = tmp("ca.key", inputs.privateKeyPem);
    const out = tmp("ca.crt");
    const ca = inputs.isCaCertificate ? ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"] : [];
    openssl(["req", "-x509", "-new", "-key", key, "-subj", `/CN=${inputs.subject.commonName}`, "-days", "3650", ...ca, "-out", out]);
    return { certPem: fs.readFileSync(out, "utf8") };
}

export function locallySignedCert(inputs: any): Record<string, string> {
    const csr = tmp("in.csr", inputs.certRequestPem);
    const caKey = tmp("ca.key", inputs.caPrivateKeyPem);
    const caCrt = tmp("ca.crt", inputs.caCertPem);
    const out = tmp("out.crt");
    openssl(["x509", "-req", "-in", csr, "-CA", caCrt, "-CAkey", caKey, "-CAcreateserial", "-days", "3650",
        "-copy_extensions", "copy", "-out", out]);
    return { certPem: fs.readFileSync(out, "utf8") };
}
