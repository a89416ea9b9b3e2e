import * as crypto from "crypto";

/** Keys as Kuscia's Go code reads and writes them, in both generations. */

/** The first PEM block of `pemText`, as Go's pem.Decode finds it: its type and DER bytes. */
export function firstPemBlock(pemText: Buffer | string): { type: string; der: Buffer } | undefined {
    const block = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(pemText.toString("utf8"));
    return block ? { type: block[1], der: Buffer.from(block[2].replace(/\s+/g, ""), "base64") } : undefined;
}

/** A private key from DER, failing with Go's x509 message. */
export function privateKeyFromDer(der: Buffer, type: "pkcs1" | "pkcs8"): crypto.KeyObject {
    try {
        return crypto.createPrivateKey({ key: der, format: "der", type });
    } catch (e: any) {
        throw new Error(`x509: failed to parse private key (${e?.message ?? e})`);
    }
}

/** base64 of the PKCS#1 `RSA PUBLIC KEY` PEM: how Gateway.status.publicKey and a route's tokenConfig carry a key. */
export function publicKeyField(key: crypto.KeyObject | crypto.X509Certificate | Buffer): string {
    const pub = key instanceof crypto.X509Certificate ? key.publicKey : crypto.createPublicKey(key);
    return Buffer.from(pub.export({ type: "pkcs1", format: "pem" }).toString()).toString("base64");
}
