import * as path from "path";
import { kusciaHome } from "../common/env";

/**
 * Kuscia 1.1 keeps its keys and certificates in var/certs, inside the container (pkg/common/constants.go CertPrefix).
 */
export function certsDir(): string {
    return path.join(kusciaHome(), "var", "certs");
}

/** Where kuscia.sh mounts the node's config; create_example_job.sh reads the domain id from here. */
export function mountedConfigFile(): string {
    return path.join(kusciaHome(), "etc", "conf", "kuscia.yaml");
}
