import * as fs from "fs";
import * as path from "path";
import { kubectl } from "../../cli/kubectl";
import { main } from "../../cli/report";
import { certsDir } from "../paths";

const USAGE = "add_domain.sh DOMAIN_ID [ROLE] [INTERCONN_PROTOCOL] [MASTER_DOMAIN_ID]";

/**
 * As Kuscia 1.1.0b0's scripts/deploy/add_domain.sh: a partner Domain with the partner's own
 * domain.crt and token authentication; the Domain controller then makes the inbound route. The
 * real script reads the cert with `base64 FILE | tr -d "\n"` under `set -e` but without pipefail:
 * a missing file is an error message and an empty cert, and the Domain is applied anyway (the API
 * server prunes the null `cert:`).
 */
main(([id, roleArg, protocolArg, masterArg]) => {
    if (!id) {
        process.stdout.write(`missing argument: ${USAGE}\n`);
        process.exitCode = 1;
        return;
    }
    const p2p = roleArg === "p2p";
    const protocol = protocolArg || "kuscia";
    const master = masterArg || id;
    const certFile = path.join(certsDir(), `${id}.domain.crt`);
    let cert = "";
    try {
        cert = fs.readFileSync(certFile).toString("base64");
    } catch {
        process.stderr.write(`base64: ${certFile}: No such file or directory\n`);
    }
    const lines = [
        "apiVersion: kuscia.secretflow/v1alpha1",
        "kind: Domain",
        "metadata:",
        "  annotations:",
        `    domain/${id}: kuscia.secretflow/domain-type=embedded`,
        `  name: ${id}`,
        "spec:",
        `  cert: ${cert}`,
        `  role: ${p2p ? "partner" : ""}`,
        `  master: ${master}`,
        "  authCenter:",
        "    authenticationType: Token",
        "    tokenGenMethod: RSA-GEN",
        ...(p2p ? [`  interConnProtocols: [ '${protocol}' ]`] : []),
    ];
    kubectl(["apply", "-f", "-"], lines.join("\n") + "\n");
});
