import { log, main } from "../../cli/report";
import { eth0Address, exists, genRsaKey, newCsr, signWithCa } from "../../common/openssl";
import { certsDir } from "../paths";

// As scripts/deploy/init_external_tls_cert.sh of Kuscia 0.3.0b0: a new PKCS#1 key and certificate on
// every run, CN DOMAIN_ID_ENVOY_EXTERNAL, SANs 127.0.0.1, this container's eth0 address, localhost, then the extra
// ones.
main(([domainId, extraSan]) => {
    if (!domainId) throw new Error("missing argument: init_external_tls_cert.sh DOMAIN_ID [EXTRA_SUBJECT_ALT_NAME]");
    const dir = certsDir();
    if (!exists(dir, "ca.key")) throw new Error(`${dir}/ca.key not found: run init_domain_certs.sh first`);
    let san = `IP:127.0.0.1,IP:${eth0Address()},DNS:localhost`;
    if (extraSan) san = `${san},${extraSan}`;
    genRsaKey(dir, "external_tls.key");
    newCsr(dir, "external_tls.key", `/CN=${domainId}_ENVOY_EXTERNAL`, "external_tls.csr");
    signWithCa(dir, "external_tls.csr", "external_tls.crt", 10000, san);
    log(`wrote external_tls.key, external_tls.crt (${san})`);
});
