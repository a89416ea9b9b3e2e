import * as http from "http";
import * as path from "path";
import { apiGrpcPort, apiHttpPort, datameshPort, gatewayPort, internalPort, k3sPort, listenHost, storeDir } from "../../common/env";
import { listen } from "../../daemon/gateway";
import { JobController } from "../../daemon/jobs";
import { log } from "../../daemon/log";
import { ensureNamespace, ensureSystemNamespaces } from "../../daemon/namespaces";
import { requirePrivileged } from "../../daemon/privileges";
import { Psi } from "../../daemon/psi";
import { GatewayRecord } from "../../daemon/registration";
import { Store } from "../../store/store";
import { CROSS_DOMAIN } from "../cross-domain";
import { isNoTls, loadNodeConfig } from "../node-config";
import { CdrController } from "./cdr-controller";
import { prepareMaterial } from "./certs";
import { registerDefaultDataSource } from "./default-data-source";
import { DomainController } from "./domain-controller";
import { startExternalListener } from "./external-listener";
import { collectGarbage } from "./garbage-collector";
import { externalHandler, KUSCIA_VERSION } from "./gateway-api";
import { HandshakeClient } from "./handshake-client";
import { HandshakeServer } from "./handshake-server";
import { internalHandler } from "./internal-handler";
import { startKusciaApi, startKusciaApiGrpc } from "./kusciaapi";
import { sendThroughRoute } from "./peer-link";
import { startProbeTargets } from "./probes";
import { ensureSelfDomain } from "./self-domain";

const CONTROLLER_TICK_MS = 1000;
/** Finer than the health-check period, so that checks keep to it. */
const HANDSHAKE_TICK_MS = 250;
const HEARTBEAT_MS = 30000;

/** `kuscia start -c FILE` for an autonomy node: certificates, own objects, gateway, KusciaAPI and the controllers. */
export async function startNode(configFile: string): Promise<void> {
  requirePrivileged();
  const config = loadNodeConfig(path.resolve(configFile));
  const self = config.domainId;
  const material = prepareMaterial(config);
  const store = new Store(storeDir());
  ensureSystemNamespaces(store);
  // cmd/kuscia/modules/k3s.go initKusciaEnvAfterReady: the own Domain (its namespace is the Domain controller's), then cross-domain.
  ensureSelfDomain(store, self, material.domainCert);
  ensureNamespace(store, CROSS_DOMAIN);
  const stopDataSource = registerDefaultDataSource(store, self);
  const port = gatewayPort();
  const gateway = new GatewayRecord(store, self, material.domainKey, port, KUSCIA_VERSION);
  gateway.withdraw();

  const psi = new Psi(store, self, (peer, r) => sendThroughRoute(store, self, material.domainKey, peer, r));
  const handshake = new HandshakeServer(store, self, material.domainKey);
  const handler = externalHandler({ store, self, key: material.domainKey, instance: gateway.name, handshake, psi });
  const host = listenHost();
  const apiTls = material.api ? { ...material.api, ca: material.caCert } : undefined;
  const servers = [
    await startExternalListener(material, host, port, handler),
    await startKusciaApi(store, self, apiTls, host, apiHttpPort()),
    await startKusciaApiGrpc(apiTls, host, apiGrpcPort()),
    await listen(http.createServer(internalHandler(store, self, material.domainKey, handshake)), host, internalPort()),
    ...(await startProbeTargets(material, k3sPort(), datameshPort())),
  ];

  const domains = new DomainController(store, self);
  const routes = new CdrController(store);
  const handshakes = new HandshakeClient(store, self, material.domainKey, gateway.name);
  const jobs = new JobController(store, self, psi, "1.1");
  const tick = () => {
    for (const step of [() => domains.tick(), () => routes.tick(), () => collectGarbage(store)]) {
      try {
        step();
      } catch (e: any) {
        log(`controller: ${e?.message ?? e}`);
      }
    }
  };
  tick();
  const controllers = setInterval(tick, CONTROLLER_TICK_MS);
  const handshaking = setInterval(() => handshakes.tick(), HANDSHAKE_TICK_MS);
  jobs.start();
  gateway.beat();
  const heartbeat = setInterval(() => gateway.beat(), HEARTBEAT_MS);
  log(`kuscia-sim 1.1 node ${self} ready: gateway ${host}:${port} (${material.gateway ? "TLS" : "plain HTTP"}), KusciaAPI ${apiHttpPort()}/${apiGrpcPort()} (${isNoTls(config) ? "NOTLS" : "MTLS + Token"}), internal listener ${internalPort()}, k3s ${k3sPort()}, datamesh ${datameshPort()}, gateway object ${gateway.name}`);

  const stop = (signal: string) => {
    log(`${signal}: stopping`);
    clearInterval(controllers);
    clearInterval(handshaking);
    clearInterval(heartbeat);
    stopDataSource();
    gateway.withdraw();
    jobs.stop();
    for (const s of servers) s.close();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
