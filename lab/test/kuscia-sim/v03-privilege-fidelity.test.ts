import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tempRootV03, V03Node } from "./helpers/node-v03";

/** /proc/self/mounts lines as Docker leaves them in a container without and with --privileged. */
const UNPRIVILEGED =
    "overlay / overlay rw,relatime 0 0\ncgroup /sys/fs/cgroup/pids cgroup ro,nosuid,nodev,noexec,relatime,pids 0 0\n";
const PRIVILEGED =
    "overlay / overlay rw,relatime 0 0\ncgroup /sys/fs/cgroup/pids cgroup rw,nosuid,nodev,noexec,relatime,pids 0 0\n";

/** Kuscia 0.3.0b0's node needs a privileged container (deploy.sh runs it --privileged): so does the simulator's. */
describe("privileges", () => {
    let root: string;
    let node: V03Node;
    const mounts = (text: string) => {
        const f = path.join(root, "mounts");
        fs.writeFileSync(f, text);
        return f;
    };

    before(async () => {
        root = tempRootV03("privileges");
        node = await V03Node.create("alice", root);
        await node.initCerts();
    });
    after(async () => {
        await node?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("the node dies in a container without --privileged (cgroups read-only)", async () => {
        await assert.rejects(
            node.start({ KUSCIA_SIM_MOUNTS: mounts(UNPRIVILEGED) }),
            /exited 1: .*\/sys\/fs\/cgroup\/pids is mounted read-only: this container is not privileged/s,
        );
    });

    it("runs privileged, and unprivileged only with the lab's switch", async () => {
        await node.start({ KUSCIA_SIM_MOUNTS: mounts(PRIVILEGED) });
        await node.stop();
        await node.start({ KUSCIA_SIM_MOUNTS: mounts(UNPRIVILEGED), KUSCIA_SIM_ALLOW_UNPRIVILEGED: "1" });
    });
});
