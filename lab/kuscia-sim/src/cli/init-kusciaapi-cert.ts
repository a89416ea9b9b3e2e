import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { certsDir } from "../common/env";
import { certIsCurrent, exists, genRsaKey, newCsr, openssl, signWithCa } from "../common/openssl";
import { log, main } from "./report";

const DAYS = 1000;

main(([serviceName, hostIp, extraSan]) => {
  const dir = certsDir();
  if (!exists(dir, "ca.key")) throw new Error(`${dir}/ca.key not found: run init_domain_certs.sh first`);
  const sans = [...new Set([
    "IP:127.0.0.1",
    ...(hostIp ? [`IP:${hostIp}`] : []),
    "DNS:localhost",
    ...(serviceName ? [`DNS:${serviceName}`] : []),
    ...(extraSan ? extraSan.split(",").filter(Boolean) : []),
  ])];
  if (exists(dir, "kusciaapi-server.key") && certIsCurrent(dir, "kusciaapi-server.crt", sans)) log("kept kusciaapi-server.crt");
  else {
    if (!exists(dir, "kusciaapi-server.key")) genRsaKey(dir, "kusciaapi-server.key");
    newCsr(dir, "kusciaapi-server.key", "/CN=KusciaAPI", "kusciaapi-server.csr");
    signWithCa(dir, "kusciaapi-server.csr", "kusciaapi-server.crt", DAYS, sans.join(","));
    log(`created kusciaapi-server.crt (${sans.join(",")})`);
  }
  if (exists(dir, "kusciaapi-client.key") && certIsCurrent(dir, "kusciaapi-client.crt", [])) log("kept kusciaapi-client.crt");
  else {
    // PKCS#8, which Java clients read natively.
    openssl(dir, ["genpkey", "-out", "kusciaapi-client.key", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]);
    newCsr(dir, "kusciaapi-client.key", "/CN=KusciaAPIClient", "kusciaapi-client.csr");
    signWithCa(dir, "kusciaapi-client.csr", "kusciaapi-client.crt", DAYS);
    log("created kusciaapi-client.crt");
  }
  if (exists(dir, "token")) log("kept token");
  else {
    const seed = crypto.randomBytes(8).toString("base64");
    fs.writeFileSync(path.join(dir, "token"), crypto.createHash("sha256").update(seed).digest("hex"));
    log("created token");
  }
});
