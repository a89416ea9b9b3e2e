import * as crypto from "crypto";
import { firstPemBlock, privateKeyFromDer } from "../common/keys";

/**
 * A domain key as Kuscia 1.1 reads it (pkg/utils/tls/crypt.go ParseRSAPrivateKeyData): the first
 * PEM block, PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY` holding an RSA key.
 */
export function parseRsaPrivateKey(pemText: Buffer | string): crypto.KeyObject {
    const block = firstPemBlock(pemText);
    if (!block) throw new Error("invalid private key, should be PEM block format");
    const type = block.type === "RSA PRIVATE KEY" ? "pkcs1" : block.type === "PRIVATE KEY" ? "pkcs8" : undefined;
    if (!type) throw new Error(`private key type [${block.type}] not supported, must be RSA`);
    const key = privateKeyFromDer(block.der, type);
    if (key.asymmetricKeyType !== "rsa") throw new Error("invalid PKCS8 private key");
    return key;
}

/** The RSA public key in a publicKeyField value. */
export function parsePublicKeyField(field: string): crypto.KeyObject {
    return crypto.createPublicKey({ key: Buffer.from(field, "base64").toString(), format: "pem" });
}

/** The handshake's pubhash: base64(sha256(publicKeyField)) (pkg/gateway/controller/handshake.go calcPublicKeyHash). */
export function publicKeyHash(field: string): string {
    return crypto.createHash("sha256").update(Buffer.from(field, "base64")).digest("base64");
}

/**
 * Token halves travel and rest encrypted to an RSA key. Kuscia uses PKCS#1 v1.5 with a "kuscia"
 * prefix (handshake.go encryptToken); the simulator uses OAEP, which Node decrypts without flags:
 * what stays observable is that only the right private key reads the token.
 */
export function encryptTo(pub: crypto.KeyObject, data: Buffer): string {
    return crypto
        .publicEncrypt({ key: pub, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, data)
        .toString("base64");
}

export function decryptWith(key: crypto.KeyObject, data: string): Buffer {
    return crypto.privateDecrypt(
        { key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING },
        Buffer.from(data, "base64"),
    );
}
