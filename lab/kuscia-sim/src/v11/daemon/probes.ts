import * as http from "http";
import * as https from "https";
import * as net from "net";
import { listen } from "../../daemon/listen";
import { NodeMaterial } from "./certs";
import { signedLeaf } from "./x509";

/**
 * The two in-container endpoints kuscia.sh probes before it calls a node started (scripts/deploy/kuscia.sh
 * probe_k3s, probe_datamesh; 200, 401 and 404 all pass): k3s' API server on 127.0.0.1:6443, which
 * answers an anonymous request 401, and datamesh on 8070, TLS with a client certificate of the node's
 * CA whatever the protocol (cmd/kuscia/modules/datamesh.go), /healthZ 200.
 */
export async function startProbeTargets(
    material: NodeMaterial,
    k3sPort: number,
    datameshPort: number,
): Promise<net.Server[]> {
    const k3s = signedLeaf(material.domainKey, material.caCert, {
        cn: "k3s",
        san: ["IP:127.0.0.1", "DNS:localhost"],
        keyUsage: "digitalSignature,keyEncipherment",
        days: 3650,
    });
    const unauthorized = JSON.stringify({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "Unauthorized",
        reason: "Unauthorized",
        code: 401,
    });
    const apiServer = https.createServer({ key: k3s.key, cert: k3s.cert }, (_req, res) => {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(unauthorized);
    });
    const dm = signedLeaf(material.domainKey, material.caCert, {
        cn: "DataMesh",
        san: ["IP:127.0.0.1", "DNS:datamesh", "DNS:localhost"],
        keyUsage: "digitalSignature,keyEncipherment",
        days: 3650,
    });
    const datamesh = https.createServer(
        { key: dm.key, cert: dm.cert, ca: material.caCert, requestCert: true, rejectUnauthorized: true },
        (req, res) => {
            const health = req.url === "/healthZ";
            res.writeHead(health ? 200 : 404, { "content-type": "application/json" });
            res.end(health ? JSON.stringify({ status: { code: 0, message: "success" } }) : "");
        },
    );
    return [
        await listen(apiServer, "127.0.0.1", k3sPort),
        await listen(datamesh as http.Server, "127.0.0.1", datameshPort),
    ];
}
