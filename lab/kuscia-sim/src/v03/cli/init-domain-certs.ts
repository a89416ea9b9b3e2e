import * as fs from "fs";
import { log, main } from "../../cli/report";
import { exists, genRsaKey, newCsr, openssl } from "../../common/openssl";
import { certsDir } from "../paths";

// As scripts/deploy/init_domain_certs.sh of Kuscia 0.3.0b0: the two keys only when missing (PKCS#1),
// but domain.csr and the self-signed ca.crt (new serial and dates) on every run.
main(([domainId, csrToken = ""]) => {
    if (!domainId) throw new Error("missing argument: init_domain_certs.sh DOMAIN_ID CSR_TOKEN");
    const dir = certsDir();
    fs.mkdirSync(dir, { recursive: true });
    ensureKey(dir, "domain.key");
    newCsr(dir, "domain.key", `/CN=${domainId}`, "domain.csr", [`1.2.3.4=ASN1:UTF8String:${csrToken}`]);
    log("wrote domain.csr");
    ensureKey(dir, "ca.key");
    openssl(dir, [
        "req",
        "-x509",
        "-new",
        "-nodes",
        "-key",
        "ca.key",
        "-subj",
        "/CN=Kuscia",
        "-days",
        "10000",
        "-out",
        "ca.crt",
    ]);
    log("wrote ca.crt");
});

function ensureKey(dir: string, file: string): void {
    if (exists(dir, file)) {
        log(`kept ${file}`);
        return;
    }
    genRsaKey(dir, file);
    log(`created ${file}`);
}
