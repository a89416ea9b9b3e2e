import * as crypto from "crypto";
import * as os from "os";
import { publicKeyField } from "../common/keys";
import { ApiError } from "../store/admission";
import { API_VERSION, kindOf } from "../store/kinds";
import { kubeTime } from "../store/object";
import { Store } from "../store/store";
import { log } from "./log";

const GATEWAY = kindOf("Gateway")!;
/** How often the node writes its Gateway object (Kuscia's gateway controller: every 15 s). */
export const HEARTBEAT_MS = 30000;

/** The Gateway object readiness probes look for: named after the host (the container name). */
export class GatewayRecord {
    readonly name = process.env.KUSCIA_GATEWAY_NAME || os.hostname();
    private readonly uptime = kubeTime();

    constructor(
        private readonly store: Store,
        private readonly self: string,
        private readonly domainKey: Buffer | crypto.KeyObject,
        private readonly port: number,
        /** status.version: the Kuscia the node stands for. */
        private readonly version: string,
    ) {}

    /** Withdraws the object, so readiness probes wait for this daemon rather than a previous one. */
    withdraw(): void {
        this.store.delete(GATEWAY, this.self, this.name);
    }

    /**
     * The gateway controller's heartbeat (pkg/gateway/controller/gateway.go syncHandler): a create the
     * API server refuses is logged and tried again at the next beat.
     */
    beat(): void {
        const existing = this.store.get(GATEWAY, this.self, this.name);
        try {
            this.store.put(GATEWAY, {
                apiVersion: API_VERSION,
                kind: "Gateway",
                metadata: { ...(existing?.metadata ?? {}), name: this.name, namespace: this.self },
                status: {
                    address: `${firstAddress()}:${this.port}`,
                    uptime: this.uptime,
                    heartbeatTime: kubeTime(),
                    publicKey: publicKeyField(this.domainKey),
                    version: this.version,
                },
            });
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            log(`create gateway(name:${this.name} namespace:${this.self}) fail: ${e.message}`);
            log(`sync gateway error: ${e.message}`);
        }
    }
}

function firstAddress(): string {
    for (const addrs of Object.values(os.networkInterfaces())) {
        for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
    }
    return "127.0.0.1";
}
