// Real certificates and CSRs for the tests, made with openssl as Kuscia's init scripts make them.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-unit-pki-"));
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

function openssl(...args: string[]): string {
    return execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");

function key(name: string): string {
    if (!fs.existsSync(path.join(dir, `${name}.key`))) {
        openssl("genrsa", "-out", `${name}.key`, "2048");
    }
    return `${name}.key`;
}

/**
 * A node's material as Kuscia 0.3 makes it: `ca.crt` (CN=Kuscia) and `domain.csr` (CN=domain id), each with its own
 * key.
 */
export interface NodeV03Material {
    id: string;
    caCertPem: string;
    csrPem: string;
}

const nodes = new Map<string, NodeV03Material>();

export function nodeV03(id: string): NodeV03Material {
    const known = nodes.get(id);
    if (known !== undefined) {
        return known;
    }
    openssl(
        "req",
        "-x509",
        "-new",
        "-nodes",
        "-key",
        key(`${id}-ca`),
        "-subj",
        "/CN=Kuscia",
        "-days",
        "10",
        "-out",
        `${id}-ca.crt`,
    );
    const m = { id, caCertPem: read(`${id}-ca.crt`), csrPem: csrFor(id, id) };
    nodes.set(id, m);
    return m;
}

/** A CSR for CN=`cn` with the key of `keyOf`. */
export function csrFor(keyOf: string, cn: string): string {
    const out = `${keyOf}-${cn}.csr`;
    openssl("req", "-new", "-key", key(keyOf), "-subj", `/CN=${cn}`, "-out", out);
    return read(out);
}

/** What `issuer`'s CA signs for `csrPem`, as add_domain.sh does. */
export function issue(issuer: string, csrPem: string): string {
    nodeV03(issuer);
    const name = `by-${issuer}-${Math.random().toString(16).slice(2)}`;
    fs.writeFileSync(path.join(dir, `${name}.csr`), csrPem);
    openssl(
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        `${issuer}-ca.crt`,
        "-CAkey",
        key(`${issuer}-ca`),
        "-CAcreateserial",
        "-days",
        "10",
        "-out",
        `${name}.crt`,
    );
    return read(`${name}.crt`);
}

/** A Kuscia 1.1 domain.crt: self-signed, CN = `cn`, with the key of `keyOf`. */
export function domainCert(keyOf: string, cn = keyOf): string {
    const out = `${keyOf}-${cn}-domain.crt`;
    if (fs.existsSync(path.join(dir, out))) {
        return read(out);
    }
    openssl("req", "-x509", "-new", "-nodes", "-key", key(keyOf), "-subj", `/CN=${cn}`, "-days", "10", "-out", out);
    return read(out);
}

/** The certificate's SHA-256 fingerprint as openssl prints it (`AB:CD:...`). */
export function opensslFingerprint(certPem: string): string {
    fs.writeFileSync(path.join(dir, "fp.crt"), certPem);
    return openssl("x509", "-noout", "-fingerprint", "-sha256", "-in", "fp.crt").trim().replace(/^.*=/, "");
}
