import * as fs from "fs";
import * as path from "path";
import { applyObject } from "../../cli/kubectl";
import { main } from "../../cli/report";
import { domainRouteObject, interopConfigObject } from "../objects";
import { certsDir } from "../paths";

const USAGE =
    "join_to_host.sh SELF_DOMAIN_ID HOST_DOMAIN_ID HOST_ENDPOINT [-p PROTOCOL] [-a MTLS|Token|None] [-t TOKEN] [-k]";

/**
 * As Kuscia 0.3.0b0's scripts/deploy/join_to_host.sh: the route always comes from the MTLS template
 * (authenticationType MTLS); `-a Token` or `-a None` only leaves out the client certificate and key,
 * `-k` the CA; `-t` is checked for but never written (the template's token stays unfilled).
 */
main(argv => {
    const [self, host, endpoint, ...rest] = argv;
    // The real script's `shift 3` fails under set -e.
    if (argv.length < 3) throw new Error(`missing argument: ${USAGE}`);
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
            else {
                // The real script prints its usage and exits with the status of that echo: 0, no route.
                process.stderr.write(`illegal value for -a\n${USAGE}\n`);
                return;
            }
        } else throw new Error(`illegal option: ${flag}\n${USAGE}`);
    }
    if (auth === "Token" && !token) throw new Error(`missing argument -t {{token}}\n${USAGE}`);
    const { hostName, port } = splitEndpoint(endpoint);
    const dir = certsDir();
    const tlsCA = insecure ? "" : readBase64(dir, `${host}.host.ca.crt`, `copy ${host}'s ca.crt there first`);
    const mtls = auth === "MTLS";
    const sourceClientCert = mtls
        ? readBase64(dir, `domain-2-${host}.crt`, `copy the ${self}.domain.crt that ${host} signed there first`)
        : "";
    const sourceClientPrivateKey = mtls ? readBase64(dir, "domain.key", "run init_domain_certs.sh first") : "";
    applyObject(
        domainRouteObject({
            namespace: self,
            source: self,
            destination: host,
            protocol,
            host: hostName,
            port,
            authenticationType: "MTLS",
            tlsCA,
            sourceClientCert,
            sourceClientPrivateKey,
            token: "{{.TOKEN}}",
        }),
    );
    if (protocol === "kuscia") applyObject(interopConfigObject(self, host));
});

/**
 * The real script's split: the host is what precedes the first colon, the port what follows the
 * last (80 without a colon), both spliced into YAML as text. So `https://ip:port` gives host
 * `https`, an IPv6 address an empty or `[` host, and a non-numeric port a string kubectl refuses.
 */
function splitEndpoint(endpoint: string): { hostName: string; port: number | string } {
    if (!endpoint.includes(":")) return { hostName: endpoint, port: 80 };
    const raw = endpoint.slice(endpoint.lastIndexOf(":") + 1);
    return { hostName: endpoint.slice(0, endpoint.indexOf(":")), port: /^[0-9]+$/.test(raw) ? Number(raw) : raw };
}

function readBase64(dir: string, file: string, hint: string): string {
    const p = path.join(dir, file);
    if (!fs.existsSync(p)) throw new Error(`${p} not found: ${hint}`);
    return fs.readFileSync(p).toString("base64");
}
