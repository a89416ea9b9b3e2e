import * as fs from "fs";
import { certsDir } from "../common/env";
import { csrSubjectCn, exists, genRsaKey, newCsr, openssl } from "../common/openssl";
import { log, main } from "./report";

main(([domainId]) => {
  if (!domainId) throw new Error("missing argument: init_domain_certs.sh DOMAIN_ID");
  const dir = certsDir();
  fs.mkdirSync(dir, { recursive: true });
  ensure(dir, "domain.key", () => genRsaKey(dir, "domain.key"));
  const csrCurrent = exists(dir, "domain.csr") && csrSubjectCn(dir, "domain.csr") === domainId;
  if (csrCurrent) log("kept domain.csr");
  else {
    newCsr(dir, "domain.key", `/CN=${domainId}`, "domain.csr");
    log("created domain.csr");
  }
  ensure(dir, "ca.key", () => genRsaKey(dir, "ca.key"));
  ensure(dir, "ca.crt", () => openssl(dir, ["req", "-x509", "-new", "-nodes", "-key", "ca.key", "-subj", "/CN=Kuscia", "-days", "10000", "-out", "ca.crt"]));
});

function ensure(dir: string, file: string, create: () => void): void {
  if (exists(dir, file)) {
    log(`kept ${file}`);
    return;
  }
  create();
  log(`created ${file}`);
}
