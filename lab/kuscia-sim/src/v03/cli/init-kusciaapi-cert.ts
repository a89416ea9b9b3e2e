import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { log, main } from "../../cli/report";
import { eth0Address, exists, genRsaKey, newCsr, openssl, signWithCa } from "../../common/openssl";
import { certsDir } from "../paths";

const DAYS = 1000;

// As scripts/deploy/init_kusciaapi_cert.sh of Kuscia 0.3.0b0: new server and client keys and
// certificates on every run (server key PKCS#1, client key PKCS#8); the token only when missing.
main(([serviceName, hostIp, extraSan]) => {
    const dir = certsDir();
    if (!exists(dir, "ca.key")) throw new Error(`${dir}/ca.key not found: run init_domain_certs.sh first`);
    let dns = "DNS:localhost";
    if (serviceName) dns = `${dns},DNS:${serviceName}`;
    let ips = `IP:127.0.0.1,IP:${eth0Address()}`;
    if (hostIp) ips = `${ips},IP:${hostIp}`;
    let san = `${ips},${dns}`;
    if (extraSan) san = `${san},${extraSan}`;

    genRsaKey(dir, "kusciaapi-server.key");
    newCsr(dir, "kusciaapi-server.key", "/CN=KusciaAPI", "kusciaapi-server.csr");
    signWithCa(dir, "kusciaapi-server.csr", "kusciaapi-server.crt", DAYS, san);
    log(`wrote kusciaapi-server.key, kusciaapi-server.crt (${san})`);

    // PKCS#8, which Java clients read natively.
    openssl(dir, ["genpkey", "-out", "kusciaapi-client.key", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]);
    newCsr(dir, "kusciaapi-client.key", "/CN=KusciaAPIClient", "kusciaapi-client.csr");
    signWithCa(dir, "kusciaapi-client.csr", "kusciaapi-client.crt", DAYS);
    log("wrote kusciaapi-client.key, kusciaapi-client.crt");

    if (exists(dir, "token")) log("kept token");
    else {
        // openssl rand -base64 8 | xargs echo -n > /tmp/token; sha256sum /tmp/token: 64 hex characters.
        const seed = crypto.randomBytes(8).toString("base64");
        fs.writeFileSync(path.join(dir, "token"), crypto.createHash("sha256").update(seed).digest("hex"));
        log("created token");
    }
});
