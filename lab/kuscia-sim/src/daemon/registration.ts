import * as crypto from "crypto";
import * as os from "os";
import { ApiError } from "../store/admission";
import { API_VERSION, kindOf } from "../store/kinds";
import { Store } from "../store/store";
import { log } from "./log";
import { ensureNamespace } from "./namespaces";

const DOMAIN = kindOf("Domain")!;
const GATEWAY = kindOf("Gateway")!;
export const SIM_VERSION = "v0.3.0b0-sim";

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/**
 * Kuscia 0.3's namespace for the node's own domain, made before its Domain (cmd/kuscia/autonomy/autonomy.go
 * createDefaultNamespace); the API server's refusal ends the node.
 */
export function createDefaultNamespace(store: Store, self: string): void {
  log(`create domain namespace ${self} for autonomy`);
  ensureNamespace(store, self);
}

/** The node's own Domain, as start_autonomy.sh applies it (no cert). */
export function ensureSelfDomain(store: Store, self: string): void {
  if (store.get(DOMAIN, undefined, self)) return;
  store.put(DOMAIN, { apiVersion: API_VERSION, kind: "Domain", metadata: { name: self }, spec: { cert: "" } });
}

/** The Gateway object readiness probes look for: named after the host (the container name). */
export class GatewayRecord {
  readonly name = process.env.KUSCIA_GATEWAY_NAME || os.hostname();
  private readonly uptime = now();

  constructor(
    private readonly store: Store,
    private readonly self: string,
    private readonly domainKey: Buffer | crypto.KeyObject,
    private readonly port: number,
    private readonly version = SIM_VERSION,
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
    const publicKey = crypto.createPublicKey(this.domainKey).export({ type: "pkcs1", format: "pem" }).toString();
    const existing = this.store.get(GATEWAY, this.self, this.name);
    try {
      this.store.put(GATEWAY, {
        apiVersion: API_VERSION,
        kind: "Gateway",
        metadata: { ...(existing?.metadata ?? {}), name: this.name, namespace: this.self },
        status: {
          address: `${firstAddress()}:${this.port}`,
          uptime: this.uptime,
          heartbeatTime: now(),
          publicKey: Buffer.from(publicKey).toString("base64"),
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
