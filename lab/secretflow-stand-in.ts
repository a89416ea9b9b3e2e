// The lab's stand-in for the SecretFlow images the deploy scripts load into a node by default: an
// empty image under each real name on every host, as if the operator had pulled them there. The
// simulator runs no SecretFlow, so only the names matter; an empty image loads in a moment.
import { defaultSecretflowImages } from "../components/core/defaults";
import { HostSpec } from "./config";
import { dockerEnv } from "./image-build";
import { run, tryRun } from "./proc";

export function ensureSecretflowStandIns(h: HostSpec): void {
    const env = dockerEnv(h);
    for (const name of Object.values(defaultSecretflowImages)) {
        if (tryRun("docker", ["image", "inspect", name], { env }).status === 0) continue;
        run("bash", ["-c", 'tar cf - --files-from /dev/null | docker import - "$1" >/dev/null', "bash", name], { env });
    }
}
