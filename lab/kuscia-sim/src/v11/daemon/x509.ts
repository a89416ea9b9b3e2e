import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openssl } from "../../common/openssl";

/** Certificates as Kuscia 1.1's Go code makes them (pkg/utils/tls/crypt.go), made here with openssl. */

function inTempDir<T>(body: (dir: string) => T): T {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-sim-x509-"));
    try {
        return body(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function keyPem(key: crypto.KeyObject): string {
    return key.export({ type: "pkcs8", format: "pem" }).toString();
}

/** ParseCertWithGenerated: self-signed by `key`, CN=`cn`, serial 1, CA, 50 years, clientAuth and serverAuth. */
export function selfSignedCa(key: crypto.KeyObject, cn: string): string {
    return inTempDir(dir => {
        fs.writeFileSync(path.join(dir, "key.pem"), keyPem(key), { mode: 0o600 });
        fs.writeFileSync(
            path.join(dir, "req.cnf"),
            [
                "[req]",
                "distinguished_name=dn",
                "x509_extensions=ext",
                "prompt=no",
                "[dn]",
                `CN=${cn}`,
                "[ext]",
                "basicConstraints=critical,CA:TRUE",
                "keyUsage=critical,digitalSignature,keyCertSign",
                "extendedKeyUsage=clientAuth,serverAuth",
                "subjectKeyIdentifier=hash",
                "",
            ].join("\n"),
        );
        openssl(dir, [
            "req",
            "-x509",
            "-new",
            "-key",
            "key.pem",
            "-config",
            "req.cnf",
            "-set_serial",
            "1",
            "-days",
            "18262",
            "-sha256",
            "-out",
            "crt.pem",
        ]);
        return fs.readFileSync(path.join(dir, "crt.pem"), "utf8");
    });
}

export interface LeafRequest {
    readonly cn: string;
    /** openssl subjectAltName entries, e.g. IP:127.0.0.1. */
    readonly san: string[];
    readonly keyUsage: string;
    readonly days: number;
}

/** A new 2048-bit key (PKCS#1 PEM) and a server certificate for it signed by the CA. */
export function signedLeaf(caKey: crypto.KeyObject, caCert: string, r: LeafRequest): { key: string; cert: string } {
    const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const key = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const cert = inTempDir(dir => {
        fs.writeFileSync(path.join(dir, "ca.key"), keyPem(caKey), { mode: 0o600 });
        fs.writeFileSync(path.join(dir, "ca.crt"), caCert);
        fs.writeFileSync(path.join(dir, "leaf.key"), key, { mode: 0o600 });
        fs.writeFileSync(
            path.join(dir, "ext.cnf"),
            `subjectAltName=${r.san.join(",")}\nkeyUsage=${r.keyUsage}\nextendedKeyUsage=serverAuth\n`,
        );
        openssl(dir, ["req", "-new", "-key", "leaf.key", "-subj", `/CN=${r.cn}`, "-out", "leaf.csr"]);
        const serial = String(crypto.randomBytes(4).readUInt32BE(0));
        openssl(dir, [
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-set_serial",
            serial,
            "-days",
            String(r.days),
            "-sha256",
            "-extfile",
            "ext.cnf",
            "-out",
            "leaf.crt",
        ]);
        return fs.readFileSync(path.join(dir, "leaf.crt"), "utf8");
    });
    return { key, cert };
}
