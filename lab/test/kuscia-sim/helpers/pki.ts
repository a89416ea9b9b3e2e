import { execFileSync } from "child_process";
import * as path from "path";

/** Test-only certificates made with openssl: a foreign CA and client certs it signs. */
export function foreignClientCert(dir: string, cn: string): { cert: string; key: string; ca: string } {
    const o = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    o("genrsa", "-out", "other-ca.key", "2048");
    o(
        "req",
        "-x509",
        "-new",
        "-nodes",
        "-key",
        "other-ca.key",
        "-subj",
        "/CN=Kuscia",
        "-days",
        "10",
        "-out",
        "other-ca.crt",
    );
    o("genrsa", "-out", `${cn}-other.key`, "2048");
    o("req", "-new", "-key", `${cn}-other.key`, "-subj", `/CN=${cn}`, "-out", `${cn}-other.csr`);
    o(
        "x509",
        "-req",
        "-in",
        `${cn}-other.csr`,
        "-CA",
        "other-ca.crt",
        "-CAkey",
        "other-ca.key",
        "-CAcreateserial",
        "-days",
        "10",
        "-out",
        `${cn}-other.crt`,
    );
    return {
        cert: path.join(dir, `${cn}-other.crt`),
        key: path.join(dir, `${cn}-other.key`),
        ca: path.join(dir, "other-ca.crt"),
    };
}
