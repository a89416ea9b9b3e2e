import { certsDir } from "../common/env";
import { certIsCurrent, exists, genRsaKey, newCsr, signWithCa } from "../common/openssl";
import { log, main } from "./report";

main(([domainId, extraSan]) => {
  if (!domainId) throw new Error("missing argument: init_external_tls_cert.sh DOMAIN_ID [EXTRA_SUBJECT_ALT_NAME]");
  const dir = certsDir();
  if (!exists(dir, "ca.key")) throw new Error(`${dir}/ca.key not found: run init_domain_certs.sh first`);
  const sans = [...new Set(["IP:127.0.0.1", "DNS:localhost", ...(extraSan ? extraSan.split(",").filter((s) => s && s !== "IP:") : [])])];
  if (exists(dir, "external_tls.key") && certIsCurrent(dir, "external_tls.crt", sans)) {
    log("kept external_tls.crt");
    return;
  }
  if (!exists(dir, "external_tls.key")) genRsaKey(dir, "external_tls.key");
  newCsr(dir, "external_tls.key", `/CN=${domainId}_ENVOY_EXTERNAL`, "external_tls.csr");
  signWithCa(dir, "external_tls.csr", "external_tls.crt", 10000, sans.join(","));
  log(`created external_tls.crt (${sans.join(",")})`);
});
