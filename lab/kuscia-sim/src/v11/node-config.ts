import * as crypto from "crypto";
import * as fs from "fs";
import * as yaml from "js-yaml";
import { parseRsaPrivateKey } from "./keys";

/** The parts of kuscia.yaml an autonomy node's simulator uses (cmd/kuscia/confloader/kuscia_config.go CommonConfig). */
export interface NodeConfig {
    readonly domainId: string;
    /** domainKeyData decoded: the PEM the node writes to domain.key and ca.key when they are missing. */
    readonly domainKeyPem: Buffer;
    readonly domainKey: crypto.KeyObject;
    /** "" (the default), NOTLS, TLS or MTLS. */
    readonly protocol: string;
    /** kusciaAPISans: extra SANs of the KusciaAPI server certificate (kuscia_config.go:135, :312-313). */
    readonly kusciaApiSans: string[];
}

export function loadNodeConfig(file: string): NodeConfig {
    let doc: any;
    try {
        doc = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (e: any) {
        throw new Error(`load config ${file} failed: ${e?.message ?? e}`);
    }
    const domainId = String(doc?.domainID ?? "");
    if (!domainId) throw new Error(`${file}: domainID is empty`);
    const domainKeyPem = Buffer.from(String(doc?.domainKeyData ?? ""), "base64");
    if (domainKeyPem.length === 0) throw new Error("init key failed: should not all empty");
    let domainKey: crypto.KeyObject;
    try {
        domainKey = parseRsaPrivateKey(domainKeyPem);
    } catch (e: any) {
        throw new Error(`load key data failed: ${e.message}: can't parse key`);
    }
    const kusciaApiSans = Array.isArray(doc?.kusciaAPISans) ? doc.kusciaAPISans.map(String) : [];
    return { domainId, domainKeyPem, domainKey, protocol: String(doc?.protocol ?? ""), kusciaApiSans };
}

/**
 * Case-sensitive, as cmd/kuscia/modules/kusciaapi.go and domainroute.go compare it: `notls` passes `kuscia init` but
 * means TLS.
 */
export const isNoTls = (c: NodeConfig) => c.protocol === "NOTLS";
