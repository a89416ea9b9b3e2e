import * as path from "path";
import { kusciaHome } from "../common/env";

/** Kuscia 0.3 keeps the node's keys and certificates in etc/certs, the directory deploy.sh mounts from the host. */
export function certsDir(): string {
    return path.join(kusciaHome(), "etc", "certs");
}

/** This node's domain id, from the container's NAMESPACE environment variable (deploy.sh sets it). */
export function selfDomain(): string {
    const ns = process.env.NAMESPACE;
    if (!ns) throw new Error("can not get self domain id, please check NAMESPACE environment");
    return ns;
}
