import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { dockerCalls, installFakeDocker, runAsOperator } from "./helpers/fake-docker";
import { tempRootV11 } from "./helpers/node-v11";
import { stagedHome } from "./helpers/stage";

const IMAGE = "10.213.0.1:5000/secretflow/kuscia-sim:1.1.0b0";
const SF = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.11.0b1";

/** kuscia.sh start against a recording stand-in for the docker CLI (scripts/deploy/kuscia.sh at v1.1.0b0). */
describe("kuscia.sh start (Kuscia 1.1.0b0)", () => {
    let root: string;
    let home: string;

    before(() => {
        root = tempRootV11("kuscia-sh");
        home = stagedHome("1.1");
        installFakeDocker(path.join(root, "bin"), "1.1");
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    /** Runs kuscia.sh in a terminal (script(1)) unless `tty` is false; `answer` is typed at its prompts. */
    async function start(
        name: string,
        args: string[],
        o: { env?: Record<string, string>; tty?: boolean; answer?: string; keep?: boolean } = {},
    ) {
        const dir = path.join(root, name);
        if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(path.join(dir, "state"), { recursive: true });
        const config = path.join(dir, "autonomy_alice.yaml");
        if (!o.keep)
            fs.writeFileSync(
                config,
                "mode: autonomy\ndomainID: alice\ndomainKeyData: AAAA\nlogLevel: INFO\nruntime: runc\n",
            );
        const log = path.join(dir, "docker.log");
        fs.writeFileSync(log, "");
        const script = path.join(home, "scripts", "deploy", "kuscia.sh");
        const full = [script, "start", "-c", "autonomy_alice.yaml", ...args];
        const r = await runAsOperator(full, o.tty !== false, {
            input: o.answer,
            cwd: dir,
            timeoutMs: 60000,
            env: {
                ...process.env,
                PATH: `${path.join(root, "bin")}:${process.env.PATH}`,
                USER: "op1",
                KUSCIA_IMAGE: IMAGE,
                FAKE_DOCKER_LOG: log,
                FAKE_DOCKER_STATE: path.join(dir, "state"),
                FAKE_DOCKER_IMAGE_HOME: home,
                KUSCIA_SIM_PROBE_INTERVAL: "0",
                ...o.env,
            },
        });
        const calls = dockerCalls(log);
        return { ...r, out: r.stdout + r.stderr, calls, dir, config };
    }
    const runs = (calls: string[][]) => calls.filter(c => c[0] === "run" && c[1] === "-dit");
    const hostName = () =>
        `op1-kuscia-autonomy-alice-${os.hostname()}`
            .slice(0, 63)
            .toLowerCase()
            .replace(/[_.]/g, "-")
            .replace(/^[^a-z0-9]/, "")
            .replace(/[^a-z0-9]$/, "");

    it(
        "runs the container as the real script: name, host name, " +
            "network, ports, volumes, mounts, the node's command",
        async () => {
            // kuscia.sh start_container (:423-485), generate_hostname (:280-286), init (:385-421).
            const r = await start("fresh", ["-p", "11080", "-k", "11081"]);
            assert.equal(r.code, 0, r.out);
            const dir = fs.realpathSync(r.dir);
            const work = path.join(dir, "op1-kuscia-autonomy-alice");
            assert.deepEqual(runs(r.calls), [
                [
                    "run",
                    "-dit",
                    "--privileged",
                    "--name=op1-kuscia-autonomy-alice",
                    `--hostname=${hostName()}`,
                    "--restart=always",
                    "--network=kuscia-exchange",
                    "-m",
                    "6GiB",
                    "-p",
                    "13081:80",
                    "-p",
                    "11080:1080",
                    "-p",
                    "11081:8082",
                    "-p",
                    "13083:8083",
                    "-p",
                    "13084:9091",
                    "-v",
                    "op1-kuscia-autonomy-alice-containerd:/home/kuscia/containerd",
                    "-v",
                    `${dir}/autonomy_alice.yaml:/home/kuscia/etc/conf/kuscia.yaml`,
                    "-v",
                    `${work}/data:/home/kuscia/var/storage/data`,
                    "-v",
                    `${work}/logs:/home/kuscia/var/stdout`,
                    "-v",
                    `${work}/images:/home/kuscia/var/images`,
                    "-v",
                    `${work}/k3s:/home/kuscia/var/k3s/server/db`,
                    IMAGE,
                    "bin/kuscia",
                    "start",
                    "-c",
                    "etc/conf/kuscia.yaml",
                ],
            ]);
            for (const d of ["data", "logs", "images", "k3s"])
                assert.equal(fs.statSync(path.join(work, d)).mode & 0o777, 0o777, d);
            assert.ok(r.calls.some(c => c.join(" ") === "network create kuscia-exchange"));
            // The engine image goes in through var/images and `kuscia image load`; the AppImage is applied in the node.
            assert.ok(r.calls.some(c => c[0] === "exec" && c[3] === "kuscia" && c[4] === "image" && c[5] === "load"));
            assert.ok(
                r.calls.some(
                    c =>
                        c.join(" ") ===
                        `exec -it op1-kuscia-autonomy-alice scripts/deploy/register_app_image.sh -i ${SF} -m`,
                ),
            );
            assert.match(r.out, /autonomy domain 'alice' deployed successfully/);
        },
    );

    it("refuses to start without -p: empty domain host port", async () => {
        // kuscia.sh start_kuscia (:638).
        const r = await start("no-port", []);
        assert.equal(r.code, 1);
        assert.match(r.out, /empty domain host port/);
        assert.deepEqual(runs(r.calls), []);
    });

    it("fails without a terminal: docker exec -it cannot run the probes", async () => {
        // kuscia.sh do_http_probe (:229), probe_k3s: `docker exec -it` gives an empty status without a TTY.
        const r = await start("no-tty", ["-p", "11080"], { tty: false });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /the input device is not a TTY/);
        assert.match(r.stderr, /\[Error\] Probe k3s in container 'op1-kuscia-autonomy-alice' failed/);
    });

    it(
        "asks before recreating an existing container: n exits 0 and starts nothing; the k3s dir prompt keeps the data " +
            "on y",
        async () => {
            // kuscia.sh need_start_docker_container (:204), init_k3s_data (:93).
            await start("again", ["-p", "11080"]);
            const keep = await start("again", ["-p", "11080"], { keep: true, answer: "n\n" });
            assert.equal(keep.code, 0, keep.out);
            assert.match(
                keep.out,
                /The container 'op1-kuscia-autonomy-alice' already exists\. Do you need to recreate it\? \[y\/n\]/,
            );
            assert.deepEqual(runs(keep.calls), []);
            const redo = await start("again", ["-p", "11080"], { keep: true, answer: "y\ny\n" });
            assert.equal(redo.code, 0, redo.out);
            assert.match(redo.out, /Whether to retain k3s data\?\(y\/n\)/);
            assert.ok(redo.calls.some(c => c.join(" ") === "rm -f op1-kuscia-autonomy-alice"));
            assert.ok(
                !redo.calls.some(c => c.some(a => a.startsWith("--name=kuscia_tmp_"))),
                "y keeps the k3s data: no clean-up container",
            );
            assert.equal(runs(redo.calls).length, 1);
        },
    );

    it("ALLOW_PRIVILEGED=true appends agent.allowPrivileged to the user's config on every run", async () => {
        // kuscia.sh wrap_kuscia_config_file (:149-186), called on each start (:630).
        const first = await start("privileged", ["-p", "11080", "-a", "none"], { env: { ALLOW_PRIVILEGED: "true" } });
        assert.equal(first.code, 0, first.out);
        await start("privileged", ["-p", "11080", "-a", "none"], {
            env: { ALLOW_PRIVILEGED: "true" },
            keep: true,
            answer: "n\n",
        });
        const text = fs.readFileSync(first.config, "utf8");
        assert.equal(text.match(/^agent:$/gm)?.length, 2);
        assert.match(text, /^ {2}allowPrivileged: true$/m);
    });
});
