import * as https from "https";
import * as tls from "tls";
import { readJson, sendJson } from "../../daemon/http-io";
import { listen } from "../../daemon/listen";
import { kindOf } from "../../store/kinds";
import { Store } from "../../store/store";
import { Material, readToken } from "./material";

const DOMAIN = kindOf("Domain")!;
const JOB = kindOf("KusciaJob")!;
const OK = { code: 0, message: "success", details: [] };

/** KusciaAPI over HTTPS: client certificate signed by the node's CA and the `Token` header required. */
export function startKusciaApi(store: Store, material: Material, host: string, port: number): Promise<https.Server> {
  const server = https.createServer(
    { key: material.apiKey, cert: material.apiCert, ca: material.ca, requestCert: true, rejectUnauthorized: true },
    async (req, res) => {
      const token = readToken();
      if (!token || req.headers["token"] !== token) {
        sendJson(res, 401, { status: { code: 401, message: "unauthorized: the Token header does not match the node's token", details: [] } });
        return;
      }
      try {
        if (req.method === "POST" && req.url === "/api/v1/domain/query") {
          const { domain_id } = await readJson(req);
          const d = domain_id ? store.get(DOMAIN, undefined, String(domain_id)) : undefined;
          if (!d) {
            sendJson(res, 200, { status: { code: 11100, message: `domains "${domain_id ?? ""}" not found`, details: [] } });
            return;
          }
          sendJson(res, 200, {
            status: OK,
            data: {
              domain_id: d.metadata.name, role: d.spec?.role ?? "", cert: d.spec?.cert ?? "",
              annotations: d.metadata.annotations ?? {}, node_statuses: [], deploy_token_statuses: [],
            },
          });
        } else if (req.method === "POST" && req.url === "/api/v1/job/query") {
          const { job_id } = await readJson(req);
          const j = job_id ? store.get(JOB, undefined, String(job_id)) : undefined;
          if (!j) {
            sendJson(res, 200, { status: { code: 11201, message: `kusciajobs "${job_id ?? ""}" not found`, details: [] } });
            return;
          }
          sendJson(res, 200, { status: OK, data: { job_id: j.metadata.name, initiator: j.spec?.initiator, status: { state: j.status?.phase ?? "", err_msg: j.status?.message ?? "" } } });
        } else {
          sendJson(res, 404, { status: { code: 404, message: `no route for ${req.method} ${req.url}`, details: [] } });
        }
      } catch (e: any) {
        sendJson(res, 400, { status: { code: 400, message: e.message, details: [] } });
      }
    },
  );
  return listen(server, host, port);
}

/** The KusciaAPI gRPC port: a TLS listener with the same certificates (no gRPC service behind it). */
export function startKusciaApiGrpc(material: Material, host: string, port: number): Promise<tls.Server> {
  const server = tls.createServer(
    { key: material.apiKey, cert: material.apiCert, ca: material.ca, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ["h2"] },
    (socket) => socket.on("data", () => undefined),
  );
  server.on("tlsClientError", () => undefined);
  return listen(server, host, port);
}
