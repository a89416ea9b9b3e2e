import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { firstPemBlock, privateKeyFromDer } from "../../common/keys";
import { log } from "../../daemon/log";
import { certsDir } from "../paths";

/** The node's own TLS material from etc/certs. */
export interface Material {
    readonly ca: Buffer;
    readonly gatewayCert: Buffer;
    readonly gatewayKey: Buffer;
    readonly apiCert: Buffer;
    readonly apiKey: Buffer;
    readonly domainKey: Buffer;
}

const FILES = [
    "ca.crt",
    "ca.key",
    "external_tls.crt",
    "external_tls.key",
    "kusciaapi-server.crt",
    "kusciaapi-server.key",
    "domain.key",
];

/**
 * Waits until the init scripts have written every file the node serves with, then reads them.
 * Like Kuscia, refuses to start unless ca.key and domain.key are PKCS#1 (`RSA PRIVATE KEY`):
 * cmd/kuscia/modules/modules.go EnsureCaKeyAndCert and pkg/gateway/commands/root.go both read them
 * with ParsePKCS1PrivateKey (pkg/gateway/utils/crypt.go).
 */
export async function loadMaterial(pollMs = 1000): Promise<Material> {
    const dir = certsDir();
    let warned = false;
    for (;;) {
        const missing = FILES.filter(f => !fs.existsSync(path.join(dir, f)));
        if (missing.length === 0) break;
        if (!warned) log(`waiting for ${missing.join(", ")} in ${dir} (run the init_*_cert scripts)`);
        warned = true;
        await new Promise(r => setTimeout(r, pollMs));
    }
    const read = (f: string) => fs.readFileSync(path.join(dir, f));
    try {
        parsePkcs1PrivateKey(read("ca.key"));
    } catch (e: any) {
        throw new Error(`${e.message} (${path.join(dir, "ca.key")})`);
    }
    try {
        parsePkcs1PrivateKey(read("domain.key"));
    } catch (e: any) {
        throw new Error(`failed to add scheme, detail-> ${e.message} (${path.join(dir, "domain.key")})`);
    }
    return {
        ca: read("ca.crt"),
        gatewayCert: read("external_tls.crt"),
        gatewayKey: read("external_tls.key"),
        apiCert: read("kusciaapi-server.crt"),
        apiKey: read("kusciaapi-server.key"),
        domainKey: read("domain.key"),
    };
}

/**
 * What Kuscia 0.3's Go code accepts for domain.key and ca.key (pkg/gateway/utils/crypt.go,
 * ParsePKCS1PrivateKeyData): the first PEM block must be `RSA PRIVATE KEY` and parse as PKCS#1.
 * Throws Kuscia's own message otherwise.
 */
function parsePkcs1PrivateKey(pemText: Buffer | string): crypto.KeyObject {
    const block = firstPemBlock(pemText);
    if (!block || block.type !== "RSA PRIVATE KEY") throw new Error("invalid private key, should be PEM block format");
    return privateKeyFromDer(block.der, "pkcs1");
}
