import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyObject, kubectl } from "../../cli/kubectl";
import { main } from "../../cli/report";
import { DNS1123_LABEL, DOMAIN_ID } from "../../common/names";
import { exists, signWithCa } from "../../common/openssl";
import { domainObject, domainRouteObject } from "../objects";
import { certsDir, selfDomain } from "../paths";

main(([peer, hostArg, mode, protocolArg]) => {
    if (!peer) throw new Error("missing argument: add_domain.sh DOMAIN_ID [HOST] [ROLE] [INTERCONN_PROTOCOL]");
    if (!DOMAIN_ID.test(peer)) throw new Error(`domain id '${peer}' must match ${DOMAIN_ID.source}`);
    const self = selfDomain();
    const host = hostArg || os.hostname();
    const p2p = mode === "p2p";
    const protocol = protocolArg || "kuscia";
    const dir = certsDir();
    const csr = `${peer}.domain.csr`;
    if (!exists(dir, csr)) throw new Error(`${path.join(dir, csr)} not found: copy ${peer}'s domain.csr there first`);
    signWithCa(dir, csr, `${peer}.domain.crt`, 10000);
    const cert = fs.readFileSync(path.join(dir, `${peer}.domain.crt`)).toString("base64");

    applyObject(domainObject(peer, cert, p2p ? "partner" : "", p2p ? [protocol] : undefined));
    kubectl(["annotate", `domain/${peer}`, "kuscia.secretflow/domain-type=embedded"]);
    applyObject(
        domainRouteObject({
            namespace: self,
            source: peer,
            destination: self,
            protocol,
            host,
            port: 1080,
            authenticationType: "MTLS",
            tlsCA: "",
            sourceClientCert: "",
            sourceClientPrivateKey: "",
            token: createToken(peer),
        }),
    );
});

/**
 * create_token.sh PEER (`kubectl create token PEER -n PEER`) under `| tail -n 1`: a failure leaves the
 * token empty and the script going. The token stands in for the service account's, which the Domain
 * controller makes in the partner's namespace; a namespace that can never exist is not found.
 */
function createToken(peer: string): string {
    if (!DNS1123_LABEL.test(peer)) {
        process.stderr.write(`error: failed to create token: namespaces "${peer}" not found\n`);
        return "";
    }
    return crypto.randomBytes(24).toString("base64url");
}
