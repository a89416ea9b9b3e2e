import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { log } from "../../daemon/log";
import { isNoTls, NodeConfig } from "../node-config";
import { certsDir } from "../paths";
import { selfSignedCa, signedLeaf } from "./x509";

/** What the node serves and signs with, from var/certs and the config's key. */
export interface NodeMaterial {
    readonly domainKey: crypto.KeyObject;
    readonly caCert: string;
    readonly domainCert: string;
    /** The gateway's external certificate, made anew on each start; none with NOTLS. */
    readonly gateway?: { key: string; cert: string };
    readonly api?: { key: string; cert: string };
}

/**
 * Writes var/certs as a Kuscia 1.1.0b0 node does on start: ca.key and domain.key are the config's
 * key, written only when missing (cmd/kuscia/confloader/kuscia_config.go CAKeyData = DomainKeyData;
 * pkg/utils/tls/crypt.go ParseEncodedKey); ca.crt and domain.crt self-signed CN=ID when missing
 * (cmd/kuscia/modules/runtime.go LoadCaDomainKeyAndCert); unless the protocol is NOTLS, the KusciaAPI
 * server pair and the token when missing (cmd/kuscia/modules/kusciaapi.go), and a gateway
 * certificate CN=ID_ENVOY_EXTERNAL, SAN 127.0.0.1 (cmd/kuscia/modules/domainroute.go).
 */
export function prepareMaterial(config: NodeConfig): NodeMaterial {
    const dir = certsDir();
    fs.mkdirSync(dir, { recursive: true });
    const file = (name: string) => path.join(dir, name);
    const writeIfMissing = (name: string, make: () => string | Buffer, mode = 0o644) => {
        if (fs.existsSync(file(name))) return;
        fs.writeFileSync(file(name), make(), { mode });
        log(`wrote ${path.join("var", "certs", name)}`);
    };
    const key = config.domainKey;
    writeIfMissing("ca.key", () => config.domainKeyPem, 0o600);
    writeIfMissing("ca.crt", () => selfSignedCa(key, config.domainId));
    writeIfMissing("domain.key", () => config.domainKeyPem, 0o600);
    writeIfMissing("domain.crt", () => selfSignedCa(key, config.domainId));
    const caCert = fs.readFileSync(file("ca.crt"), "utf8");
    const domainCert = fs.readFileSync(file("domain.crt"), "utf8");
    if (isNoTls(config)) return { domainKey: key, caCert, domainCert };

    const api = kusciaApiServerPair(file, key, caCert, config.kusciaApiSans);
    writeIfMissing("token", () => kusciaApiToken(key, config.domainId));
    const gateway = signedLeaf(key, caCert, {
        cn: `${config.domainId}_ENVOY_EXTERNAL`,
        san: ["IP:127.0.0.1"],
        keyUsage: "digitalSignature",
        days: 3650,
    });
    return { domainKey: key, caCert, domainCert, gateway, api };
}

/**
 * pkg/web/framework/config/tls_server_config.go:47-76 LoadFromDataOrFile: a new pair only when the key
 * file is missing (a kept key keeps its certificate, whatever kusciaAPISans say now; a new pair's
 * certificate file is written only when missing, the node serves the new one anyway), else the files.
 */
function kusciaApiServerPair(
    file: (name: string) => string,
    caKey: crypto.KeyObject,
    caCert: string,
    sans: string[],
): { key: string; cert: string } {
    const [keyFile, certFile] = [file("kusciaapi-server.key"), file("kusciaapi-server.crt")];
    if (fs.existsSync(keyFile))
        return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8") };
    const pair = signedLeaf(caKey, caCert, {
        cn: "KusciaAPI",
        san: kusciaApiSans(sans),
        keyUsage: "keyEncipherment,digitalSignature",
        days: daysInTenYears(new Date()),
    });
    fs.writeFileSync(keyFile, pair.key, { mode: 0o600 });
    if (!fs.existsSync(certFile)) fs.writeFileSync(certFile, pair.cert);
    log("wrote var/certs/kusciaapi-server.key, kusciaapi-server.crt");
    return pair;
}

/**
 * The KusciaAPI server certificate's SANs (cmd/kuscia/modules/kusciaapi.go:92-110, pkg/web/framework/config/
 * tls_server_config.go:78-112): the configured ones split into IPs and DNS names, then 127.0.0.1 and the
 * host IP, kusciaapi first among the names and the host name and localhost last. Go writes DNS names
 * before IP addresses.
 */
export function kusciaApiSans(configured: string[]): string[] {
    const ips = configured.filter(s => net.isIP(s) !== 0);
    const dns = ["kusciaapi", ...configured.filter(s => net.isIP(s) === 0)];
    ips.push("127.0.0.1");
    const host = hostIp();
    if (host) ips.push(host);
    dns.push(os.hostname(), "localhost");
    return [...dns.map(d => `DNS:${d}`), ...ips.map(ip => `IP:${ip}`)];
}

/** pkg/utils/network/network.go GetHostIP: eth0's (or en0's) first IPv4 address, else its last; none: left out. */
function hostIp(): string | undefined {
    const nics = os.networkInterfaces();
    const addrs = nics.eth0 ?? nics.en0 ?? [];
    return (addrs.find(a => a.family === "IPv4") ?? addrs[addrs.length - 1])?.address;
}

/** time.Now().AddDate(10, 0, 0), in whole days from now. */
function daysInTenYears(now: Date): number {
    const later = new Date(now);
    later.setUTCFullYear(later.getUTCFullYear() + 10);
    return Math.round((later.getTime() - now.getTime()) / 86400000);
}

/**
 * The first 32 characters of base64(RSA-SHA256 signature of the domain id): deterministic for a key
 * (tlsutils.SignWithRSA).
 */
export function kusciaApiToken(key: crypto.KeyObject, domainId: string): string {
    return crypto.sign("sha256", Buffer.from(domainId), key).toString("base64").slice(0, 32);
}
