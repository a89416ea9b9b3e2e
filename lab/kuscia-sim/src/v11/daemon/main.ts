import * as http from "http";
import * as path from "path";
import {
    apiGrpcPort,
    apiHttpPort,
    datameshPort,
    gatewayPort,
    internalPort,
    k3sPort,
    listenHost,
    storeDir,
} from "../../common/env";
import { pollMs, scaled, timeScale } from "../../daemon/clock";
import { GatewayRecord, HEARTBEAT_MS } from "../../daemon/gateway-record";
import { JobController } from "../../daemon/jobs";
import { startKusciaApiGrpc } from "../../daemon/kusciaapi";
import { guarded, stopOnSignals } from "../../daemon/lifecycle";
import { PeerSender } from "../../daemon/link";
import { listen } from "../../daemon/listen";
import { log } from "../../daemon/log";
import { ensureNamespace, ensureSystemNamespaces } from "../../daemon/namespaces";
import { requirePrivileged } from "../../daemon/privileges";
import { Psi } from "../../daemon/psi";
import { Store } from "../../store/store";
import { CROSS_DOMAIN } from "../cross-domain";
import { isNoTls, loadNodeConfig } from "../node-config";
import { CdrController } from "./cdr-controller";
import { prepareMaterial } from "./certs";
import { registerDefaultDataSource } from "./default-data-source";
import { DomainController } from "./domain-controller";
import { DomainRouteWatch } from "./domain-route-watch";
import { DomainRouteController, ROLL_PERIOD_MS } from "./domainroute-controller";
import { startExternalListener } from "./external-listener";
import { collectGarbage } from "./garbage-collector";
import { externalHandler, internalHandler, KUSCIA_VERSION } from "./gateway-api";
import { HandshakeClient, RESYNC_MS } from "./handshake-client";
import { HandshakeServer } from "./handshake-server";
import { HealthCheck, healthCheckMs } from "./health-check";
import { startKusciaApi } from "./kusciaapi";
import { sendThroughRoute } from "./peer-link";
import { startProbeTargets } from "./probes";
import { ensureSelfDomain } from "./self-domain";

/**
 * The simulator's stand-ins for watches, as [period, the finest a time scale makes it]: the controllers'
 * pass, the DomainRoute informers' poll, the job controller's.
 */
const CONTROLLER_TICK: [number, number] = [1000, 250];
const WATCH_POLL: [number, number] = [250, 100];
const JOB_POLL: [number, number] = [500, 250];

/** `kuscia start -c FILE` for an autonomy node: certificates, own objects, gateway, KusciaAPI and the controllers. */
export async function startNode(configFile: string): Promise<void> {
    requirePrivileged();
    // A bad KUSCIA_SIM_TIME_SCALE stops the node before it starts anything.
    timeScale();
    const config = loadNodeConfig(path.resolve(configFile));
    const self = config.domainId;
    const material = prepareMaterial(config);
    const store = new Store(storeDir());
    ensureSystemNamespaces(store);
    // cmd/kuscia/modules/k3s.go initKusciaEnvAfterReady: the own Domain (its namespace is the Domain controller's),
    // then cross-domain.
    ensureSelfDomain(store, self, material.domainCert);
    ensureNamespace(store, CROSS_DOMAIN);
    const stopDataSource = registerDefaultDataSource(store, self);
    const port = gatewayPort();
    const gateway = new GatewayRecord(store, self, material.domainKey, port, KUSCIA_VERSION);
    gateway.withdraw();

    const send: PeerSender = (peer, r) => sendThroughRoute(store, self, material.domainKey, peer, r);
    const psi = new Psi(store, self, send);
    const handshake = new HandshakeServer(store, self, material.domainKey);
    const handler = externalHandler({ store, self, key: material.domainKey, instance: gateway.name, handshake, psi });
    const host = listenHost();
    const apiTls = material.api ? { ...material.api, ca: material.caCert } : undefined;
    const servers = [
        await startExternalListener(material, host, port, handler),
        await startKusciaApi(store, self, apiTls, host, apiHttpPort()),
        await startKusciaApiGrpc(apiTls, host, apiGrpcPort()),
        await listen(http.createServer(internalHandler(self, send, handshake)), host, internalPort()),
        ...(await startProbeTargets(material, k3sPort(), datameshPort())),
    ];

    const domains = new DomainController(store, self);
    const routes = new CdrController(store);
    const watch = new DomainRouteWatch(store, self);
    const rolling = new DomainRouteController(store, gateway.name);
    const handshakes = new HandshakeClient(store, self, material.domainKey, gateway.name);
    const health = new HealthCheck(store, self, gateway.name);
    const jobs = new JobController(store, self, psi, "1.1");
    const tick = guarded(
        "controller",
        () => domains.tick(),
        () => routes.tick(),
        () => collectGarbage(store),
    );
    // One event per change reaches the gateway: the master's write for it (a re-roll) is folded into it.
    const watchRoutes = guarded("controller", () => {
        const keys = watch.poll();
        for (const key of keys) {
            const written = rolling.sync(key);
            if (written) watch.saw(key, written.metadata.uid!, written.metadata.resourceVersion!);
        }
        for (const key of keys) handshakes.enqueue(key);
    });
    tick();
    watchRoutes();
    const timers = [
        setInterval(tick, pollMs(...CONTROLLER_TICK)),
        setInterval(watchRoutes, pollMs(...WATCH_POLL)),
        setInterval(
            guarded("controller", () => watch.list().forEach(k => rolling.sync(k))),
            scaled(ROLL_PERIOD_MS),
        ),
        setInterval(
            guarded("controller", () => watch.list().forEach(k => handshakes.enqueue(k))),
            scaled(RESYNC_MS),
        ),
        setInterval(() => health.tick(), healthCheckMs()),
        setInterval(() => gateway.beat(), scaled(HEARTBEAT_MS)),
    ];
    jobs.start(pollMs(...JOB_POLL));
    gateway.beat();
    log(
        `kuscia-sim 1.1 node ${self} ready: gateway ${host}:${port} (${material.gateway ? "TLS" : "plain HTTP"}), ` +
            `KusciaAPI ${apiHttpPort()}/${apiGrpcPort()} (${isNoTls(config) ? "NOTLS" : "MTLS + Token"}), ` +
            `internal listener ${internalPort()}, time scale ${timeScale()}, k3s ${k3sPort()}, datamesh ${datameshPort()}, ` +
            `gateway object ${gateway.name}`,
    );

    stopOnSignals(servers, () => {
        timers.forEach(clearInterval);
        handshakes.stop();
        stopDataSource();
        gateway.withdraw();
        jobs.stop();
    });
}
