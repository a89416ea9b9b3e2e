import * as crypto from "crypto";

/**
 * A domain key as Kuscia 1.1 reads it (pkg/utils/tls/crypt.go ParseRSAPrivateKeyData): the first
 * PEM block, PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY` holding an RSA key.
 */
export function parseRsaPrivateKey(pemText: Buffer | string): crypto.KeyObject {
  const block = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(pemText.toString("utf8"));
  if (!block) throw new Error("invalid private key, should be PEM block format");
  const der = Buffer.from(block[2].replace(/\s+/g, ""), "base64");
  const type = block[1] === "RSA PRIVATE KEY" ? "pkcs1" : block[1] === "PRIVATE KEY" ? "pkcs8" : undefined;
  if (!type) throw new Error(`private key type [${block[1]}] not supported, must be RSA`);
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey({ key: der, format: "der", type });
  } catch (e: any) {
    throw new Error(`x509: failed to parse private key (${e?.message ?? e})`);
  }
  if (key.asymmetricKeyType !== "rsa") throw new Error("invalid PKCS8 private key");
  return key;
}

/** base64 of the PKCS#1 `RSA PUBLIC KEY` PEM: how Gateway.status.publicKey and a route's tokenConfig carry a key. */
export function publicKeyField(key: crypto.KeyObject | crypto.X509Certificate): string {
  const pub = key instanceof crypto.X509Certificate ? key.publicKey : crypto.createPublicKey(key);
  return Buffer.from(pub.export({ type: "pkcs1", format: "pem" }).toString()).toString("base64");
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
  return crypto.publicEncrypt({ key: pub, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, data).toString("base64");
}

export function decryptWith(key: crypto.KeyObject, data: string): Buffer {
  return crypto.privateDecrypt({ key, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING }, Buffer.from(data, "base64"));
}
