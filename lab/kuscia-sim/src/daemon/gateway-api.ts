import * as http from "http";
import { Store } from "../store/store";
import { callerOf } from "./gateway";
import { readJson, sendJson } from "./http-json";
import { mirrorJob } from "./jobs";
import { log } from "./log";
import { HASHES_PATH, Psi, PsiRequest, REQUEST_PATH } from "./psi";

/** What the gateway answers a granted partner. */
export function gatewayHandler(store: Store, self: string, psi: Psi): http.RequestListener {
  return async (req, res) => {
    const caller = callerOf(req) ?? "";
    try {
      if (req.method === "POST" && req.url === REQUEST_PATH) {
        const body = (await readJson(req)) as PsiRequest;
        log(`gateway: PSI request from ${caller} for ${body.task}`);
        mirrorJob(store, caller, body.job, body.jobSpec, "Running");
        const reply = await psi.onRequest(caller, body);
        const error = (reply.body as any)?.error;
        mirrorJob(store, caller, body.job, body.jobSpec, reply.status === 200 ? "Succeeded" : "Failed", error ?? "");
        sendJson(res, reply.status, reply.body);
      } else if (req.method === "POST" && req.url === HASHES_PATH) {
        const reply = psi.onHashes(caller, await readJson(req));
        sendJson(res, reply.status, reply.body);
      } else if (req.method === "GET" && (req.url === "/" || req.url === "/healthz")) {
        sendJson(res, 200, { domain: self, caller, gateway: "kuscia-sim" });
      } else {
        sendJson(res, 404, { error: `${self}: no route for ${req.method} ${req.url}` });
      }
    } catch (e: any) {
      sendJson(res, 400, { error: `${self}: ${e.message}` });
    }
  };
}
