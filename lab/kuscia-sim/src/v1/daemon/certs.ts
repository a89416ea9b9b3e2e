import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { log } from "../../daemon/log";
import { isNoTls, NodeConfig } from "../node-config";
import { certsDirV1 } from "../paths";
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
  const dir = certsDirV1();
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

  if (!fs.existsSync(file("kusciaapi-server.key"))) {
    const api = signedLeaf(key, caCert, {
      cn: "KusciaAPI", san: ["IP:127.0.0.1", "DNS:kusciaapi", `DNS:${os.hostname()}`, "DNS:localhost"],
      keyUsage: "keyEncipherment,digitalSignature", days: 3650,
    });
    fs.writeFileSync(file("kusciaapi-server.key"), api.key, { mode: 0o600 });
    fs.writeFileSync(file("kusciaapi-server.crt"), api.cert);
    log("wrote var/certs/kusciaapi-server.key, kusciaapi-server.crt");
  }
  writeIfMissing("token", () => kusciaApiToken(key, config.domainId));
  const gateway = signedLeaf(key, caCert, { cn: `${config.domainId}_ENVOY_EXTERNAL`, san: ["IP:127.0.0.1"], keyUsage: "digitalSignature", days: 3650 });
  return {
    domainKey: key, caCert, domainCert, gateway,
    api: { key: fs.readFileSync(file("kusciaapi-server.key"), "utf8"), cert: fs.readFileSync(file("kusciaapi-server.crt"), "utf8") },
  };
}

/** The first 32 characters of base64(RSA-SHA256 signature of the domain id): deterministic for a key (tlsutils.SignWithRSA). */
export function kusciaApiToken(key: crypto.KeyObject, domainId: string): string {
  return crypto.sign("sha256", Buffer.from(domainId), key).toString("base64").slice(0, 32);
}

export function readApiToken(): string | undefined {
  try {
    return fs.readFileSync(path.join(certsDirV1(), "token"), "utf8").trim();
  } catch {
    return undefined;
  }
}
