import * as path from "path";
import { generation } from "./generation";

/** Where the node's code lives: /home/kuscia in the image (this file is sim/common/env.js there). */
export const codeRoot = path.resolve(__dirname, "..", "..");

/** The node's state root (etc/, var/); KUSCIA_HOME overrides it for tests outside Docker. */
export function kusciaHome(): string {
    return process.env.KUSCIA_HOME || codeRoot;
}

export function dataDir(): string {
    return path.join(kusciaHome(), "var", "storage", "data");
}

/**
 * The object store. A 1.1 node keeps it where k3s keeps its database, var/k3s/server/db, which
 * kuscia.sh mounts from the host: the objects outlive a recreated container, var/certs does not.
 */
export function storeDir(): string {
    if (generation() === "1.1") return path.join(kusciaHome(), "var", "k3s", "server", "db", "kuscia-sim-store");
    return path.join(kusciaHome(), "var", "sim", "store");
}

export function demoDir(): string {
    return process.env.KUSCIA_DEMO_DIR || path.join(codeRoot, "share", "demo");
}

function port(name: string, fallback: number): number {
    const raw = process.env[name];
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name}=${raw} is not a port number`);
    return n;
}

export const gatewayPort = () => port("KUSCIA_GATEWAY_PORT", 1080);
/** The gateway's internal listener, where the node's own traffic to partners enters (80, as in Kuscia). */
export const internalPort = () => port("KUSCIA_INTERNAL_PORT", 80);
export const apiHttpPort = () => port("KUSCIA_API_PORT", 8082);
export const apiGrpcPort = () => port("KUSCIA_API_GRPC_PORT", 8083);
/** Kuscia 1.1's in-container endpoints that kuscia.sh probes: k3s' API server and datamesh. */
export const k3sPort = () => port("KUSCIA_K3S_PORT", 6443);
export const datameshPort = () => port("KUSCIA_DATAMESH_PORT", 8070);
export const listenHost = () => process.env.KUSCIA_LISTEN_HOST || "0.0.0.0";
