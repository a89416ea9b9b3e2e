import * as http from "http";
import * as net from "net";
import { readJson, sendJson } from "../../daemon/http-io";
import { failure, noRoute, OK, readToken, startKusciaApi as serveKusciaApi } from "../../daemon/kusciaapi";
import { kindOf } from "../../store/kinds";
import { Store } from "../../store/store";
import { certsDir } from "../paths";
import { Material } from "./material";

const DOMAIN = kindOf("Domain")!;
const JOB = kindOf("KusciaJob")!;

/** Kuscia 0.3's KusciaAPI over HTTPS, always with MTLS and the token of init_kusciaapi_cert.sh. */
export function startKusciaApi(store: Store, material: Material, host: string, port: number): Promise<net.Server> {
    return serveKusciaApi(
        apiTls(material),
        () => readToken(certsDir()),
        host,
        port,
        (req, res) => serve(store, req, res),
    );
}

/** The two calls the library makes: domain/query and job/query. */
async function serve(store: Store, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === "POST" && req.url === "/api/v1/domain/query") {
        const { domain_id } = await readJson(req);
        const d = domain_id ? store.get(DOMAIN, undefined, String(domain_id)) : undefined;
        if (!d) return sendJson(res, 200, failure(11100, `domains "${domain_id ?? ""}" not found`));
        sendJson(res, 200, {
            status: OK,
            data: {
                domain_id: d.metadata.name,
                role: d.spec?.role ?? "",
                cert: d.spec?.cert ?? "",
                annotations: d.metadata.annotations ?? {},
                node_statuses: [],
                deploy_token_statuses: [],
            },
        });
    } else if (req.method === "POST" && req.url === "/api/v1/job/query") {
        const { job_id } = await readJson(req);
        const j = job_id ? store.get(JOB, undefined, String(job_id)) : undefined;
        if (!j) return sendJson(res, 200, failure(11201, `kusciajobs "${job_id ?? ""}" not found`));
        const status = { state: j.status?.phase ?? "", err_msg: j.status?.message ?? "" };
        sendJson(res, 200, { status: OK, data: { job_id: j.metadata.name, initiator: j.spec?.initiator, status } });
    } else {
        noRoute(req, res);
    }
}

/** The KusciaAPI server pair of init_kusciaapi_cert.sh and the node's CA. */
export function apiTls(material: Material) {
    return { key: material.apiKey, cert: material.apiCert, ca: material.ca };
}
