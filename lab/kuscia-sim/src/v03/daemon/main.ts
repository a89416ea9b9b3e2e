import { apiGrpcPort, apiHttpPort, gatewayPort, internalPort, listenHost, storeDir } from "../../common/env";
import { DomainNamespaces } from "../../daemon/domain-namespaces";
import { GatewayRecord, HEARTBEAT_MS } from "../../daemon/gateway-record";
import { JobController } from "../../daemon/jobs";
import { startKusciaApiGrpc } from "../../daemon/kusciaapi";
import { exitOnFailure, guarded, stopOnSignals } from "../../daemon/lifecycle";
import { PeerSender } from "../../daemon/link";
import { log } from "../../daemon/log";
import { ensureSystemNamespaces } from "../../daemon/namespaces";
import { requirePrivileged } from "../../daemon/privileges";
import { Psi } from "../../daemon/psi";
import { Store } from "../../store/store";
import { startGateway, startInternalListener } from "./gateway";
import { externalHandler, internalHandler } from "./gateway-api";
import { apiTls, startKusciaApi } from "./kusciaapi";
import { loadMaterial } from "./material";
import { callPeer } from "./peer-link";
import { createDefaultNamespace, ensureSelfDomain } from "./self-domain";

/** Gateway.status.version of a 0.3 node. */
const SIM_VERSION = "v0.3.0b0-sim";
const CONTROLLER_TICK_MS = 1000;

async function main(): Promise<void> {
    const self = process.argv[2] || process.env.NAMESPACE;
    if (!self) throw new Error("missing argument: start_autonomy.sh NAMESPACE");
    requirePrivileged();
    process.env.NAMESPACE = self;
    const store = new Store(storeDir());
    ensureSystemNamespaces(store);
    createDefaultNamespace(store, self);
    ensureSelfDomain(store, self);
    const material = await loadMaterial();
    const gateway = new GatewayRecord(store, self, material.domainKey, gatewayPort(), SIM_VERSION);
    gateway.withdraw();
    const host = listenHost();
    const send: PeerSender = (peer, r) => callPeer(store, self, peer, material.domainKey, r);
    const psi = new Psi(store, self, send);
    const servers = [
        await startGateway(material, host, gatewayPort(), externalHandler(store, self, psi)),
        await startInternalListener("127.0.0.1", internalPort(), internalHandler(self, send)),
        await startKusciaApi(store, material, host, apiHttpPort()),
        await startKusciaApiGrpc(apiTls(material), host, apiGrpcPort()),
    ];
    const namespaces = new DomainNamespaces(store, "0.3");
    const syncNamespaces = guarded("domain controller", () => namespaces.tick());
    syncNamespaces();
    const domainController = setInterval(syncNamespaces, CONTROLLER_TICK_MS);
    const jobs = new JobController(store, self, psi, "0.3");
    jobs.start();
    gateway.beat();
    const heartbeat = setInterval(() => gateway.beat(), HEARTBEAT_MS);
    log(
        `kuscia-sim node ${self} ready: gateway ${host}:${gatewayPort()}, internal listener 127.0.0.1:${internalPort()}, ` +
            `KusciaAPI ${apiHttpPort()}/${apiGrpcPort()}, gateway object ${gateway.name}`,
    );

    stopOnSignals(servers, () => {
        clearInterval(heartbeat);
        clearInterval(domainController);
        gateway.withdraw();
        jobs.stop();
    });
}

exitOnFailure(main());
