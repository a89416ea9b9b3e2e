import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { certsDir } from "../common/env";
import { domainRouteObject, interopConfigObject } from "../common/objects";
import { applyObject } from "./kubectl";
import { main } from "./report";

const USAGE = "join_to_host.sh SELF_DOMAIN_ID HOST_DOMAIN_ID HOST_ENDPOINT [-p PROTOCOL] [-a MTLS|Token|None] [-t TOKEN] [-k]";

main((argv) => {
  const [self, host, endpoint, ...rest] = argv;
  if (!self || !host || !endpoint) throw new Error(`missing argument: ${USAGE}`);
  let protocol = "kuscia";
  let auth = "MTLS";
  let token = "";
  let insecure = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === "-k") insecure = true;
    else if (flag === "-p" || flag === "-a" || flag === "-t") {
      const v = rest[++i];
      if (v === undefined) throw new Error(`missing argument for ${flag}`);
      if (flag === "-p") protocol = v;
      else if (flag === "-t") token = v;
      else if (["MTLS", "Token", "None"].includes(v)) auth = v;
      else throw new Error(`illegal value for -a: ${v} (MTLS, Token or None)`);
    } else throw new Error(`illegal option: ${flag}\n${USAGE}`);
  }
  if (auth === "Token" && !token) throw new Error("missing argument -t {{token}}");
  const { hostName, port } = splitEndpoint(endpoint);
  const dir = certsDir();
  const tlsCA = insecure ? "" : readBase64(dir, `${host}.host.ca.crt`, `copy ${host}'s ca.crt there first`);
  const mtls = auth === "MTLS";
  const sourceClientCert = mtls ? readBase64(dir, `domain-2-${host}.crt`, `copy the ${self}.domain.crt that ${host} signed there first`) : "";
  const sourceClientPrivateKey = mtls ? readBase64(dir, "domain.key", "run init_domain_certs.sh first") : "";
  if (mtls && tlsCA) warnIfNotIssued(dir, host);
  applyObject(
    domainRouteObject({
      namespace: self, source: self, destination: host, protocol, host: hostName, port,
      authenticationType: auth, tlsCA, sourceClientCert, sourceClientPrivateKey, token: auth === "Token" ? token : undefined,
    }),
  );
  if (protocol === "kuscia") applyObject(interopConfigObject(self, host));
});

/** `ip:port`, `host:port` or a bare host (port 80); a leading scheme is tolerated. */
function splitEndpoint(endpoint: string): { hostName: string; port: number } {
  const e = endpoint.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
  const i = e.lastIndexOf(":");
  if (i < 0) return { hostName: e, port: 80 };
  const port = Number(e.slice(i + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`bad port in endpoint ${endpoint}`);
  return { hostName: e.slice(0, i), port };
}

function readBase64(dir: string, file: string, hint: string): string {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) throw new Error(`${p} not found: ${hint}`);
  return fs.readFileSync(p).toString("base64");
}

function warnIfNotIssued(dir: string, host: string): void {
  try {
    const ca = new crypto.X509Certificate(fs.readFileSync(path.join(dir, `${host}.host.ca.crt`)));
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(dir, `domain-2-${host}.crt`)));
    if (!cert.verify(ca.publicKey)) process.stderr.write(`warning: domain-2-${host}.crt was not signed by ${host}.host.ca.crt\n`);
  } catch (e: any) {
    process.stderr.write(`warning: could not check domain-2-${host}.crt: ${e.message}\n`);
  }
}
