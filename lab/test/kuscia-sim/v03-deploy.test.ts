import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { dockerCalls, installFakeDocker, runAsOperator } from "./helpers/fake-docker";
import { tempRootV03 } from "./helpers/node-v03";
import { repoRoot, stagedHome } from "./helpers/stage";

/** deploy.sh against a recording stand-in for the docker CLI (the lab tests it against real Docker). */
describe("deploy.sh", () => {
    let root: string;
    let home: string;

    before(() => {
        root = tempRootV03("deploy");
        home = stagedHome();
        installFakeDocker(path.join(root, "bin"), "0.3");
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    const SF = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.1.0b0";
    /** Where the real script (and so ours) keeps the saved image: /tmp, named after the image and its id. */
    const SF_TAR = `/tmp/${SF.replace(/\//g, "_")}.0123456789ab.tar`;

    /**
     * Runs deploy.sh as an operator does, in a terminal (script(1) gives it one) unless `tty` is false;
     * `answer` is typed at its prompt. The terminal merges stderr into stdout: `out` has both.
     */
    async function deploy(
        name: string,
        args: string[],
        env: Record<string, string> = {},
        o: { keepState?: boolean; tty?: boolean; answer?: string } = {},
    ) {
        const dir = path.join(root, name);
        const state = path.join(dir, "state");
        if (!o.keepState) fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(SF_TAR, { force: true });
        fs.mkdirSync(state, { recursive: true });
        const log = path.join(dir, "docker.log");
        fs.writeFileSync(log, "");
        const script = path.join(home, "scripts", "deploy", "deploy.sh");
        const r = await runAsOperator([script, ...args], o.tty !== false, {
            input: o.answer,
            cwd: dir,
            env: {
                ...process.env,
                PATH: `${path.join(root, "bin")}:${process.env.PATH}`,
                USER: "op1",
                NODE_PATH: path.join(repoRoot, "node_modules"),
                KUSCIA_IMAGE: "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0",
                FAKE_DOCKER_LOG: log,
                FAKE_DOCKER_STATE: state,
                FAKE_DOCKER_IMAGE_HOME: home,
                KUSCIA_READY_TIMEOUT: "3",
                ...env,
            },
        });
        const calls = dockerCalls(log);
        fs.rmSync(SF_TAR, { force: true });
        return { ...r, out: r.stdout + r.stderr, calls, dir };
    }

    const ARGS = ["autonomy", "-n", "alice", "-i", "10.213.0.11", "-p", "8081"];

    it(
        "creates the certs in throw-away containers, starts the node as the real deploy.sh does, waits, imports demo " +
            "data",
        async () => {
            const r = await deploy("fresh", ARGS, { KUSCIA_PRIVILEGED: "false" });
            assert.equal(r.code, 0, r.stderr + r.stdout);
            const certs = path.join(r.dir, "kuscia-autonomy-alice-certs");
            const data = path.join(r.dir, "kuscia-autonomy-alice-data");
            assert.ok(fs.existsSync(data));
            for (const f of [
                "domain.key",
                "domain.csr",
                "ca.crt",
                "external_tls.crt",
                "kusciaapi-server.crt",
                "kusciaapi-client.crt",
                "token",
            ]) {
                assert.ok(fs.existsSync(path.join(certs, f)), f);
            }
            const rm = r.calls.filter(c => c[0] === "run" && c[2] === "--rm");
            assert.deepEqual(
                rm.map(c => c.slice(-3)),
                [
                    ["10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0", "scripts/deploy/init_domain_certs.sh", "alice"],
                    ["scripts/deploy/init_external_tls_cert.sh", "alice", "IP:10.213.0.11"],
                    ["op1-kuscia-autonomy-alice", "10.213.0.11", ""],
                ],
            );
            for (const c of rm) assert.deepEqual(c.slice(3, 5), ["-v", `${certs}:/home/kuscia/etc/certs`]);
            const start = r.calls.find(c => c[0] === "run" && c[1] === "-dit")!;
            const line = start.join(" ");
            for (const part of [
                "--name=op1-kuscia-autonomy-alice",
                "--hostname=op1-kuscia-autonomy-alice",
                "--restart=always",
                "--network=kuscia-exchange",
                "-m 6G",
                "-p 8081:1080",
                "-p 13082:8082",
                "-p 13083:8083",
                "--env NAMESPACE=alice",
                "--mount source=op1-kuscia-autonomy-alice-containerd,target=/home/kuscia/containerd",
                `-v ${certs}:/home/kuscia/etc/certs`,
                `-v ${data}:/home/kuscia/var/storage/data`,
                "--entrypoint bin/entrypoint.sh",
                "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0 tini -- scripts/deploy/start_autonomy.sh alice",
            ])
                assert.ok(line.includes(part), `${part} in: ${line}`);
            assert.ok(!start.includes("--privileged"));
            assert.ok(
                start.includes("-dit") &&
                    line.includes("-v /tmp:/tmp") &&
                    line.includes("--env REGISTRY_ENDPOINT=secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow"),
            );
            assert.ok(
                rm.every(c => c[1] === "-it"),
                "the init scripts run with -it, as the real script's",
            );
            assert.deepEqual(
                r.calls.filter(c => c[0] === "network").map(c => c[1]),
                ["inspect", "create"],
            );
            const execs = r.calls.filter(c => c[0] === "exec").map(c => c.slice(1).join(" "));
            assert.ok(execs.includes("-it op1-kuscia-autonomy-alice kubectl get gateways -n alice"));
            assert.deepEqual(
                execs.slice(-6),
                [
                    `-it op1-kuscia-autonomy-alice crictl inspecti ${SF}`,
                    `-it op1-kuscia-autonomy-alice ctr -a=/home/kuscia/containerd/run/containerd.sock -n=k8s.io images import ` +
                        `${SF_TAR}`,
                    "-it op1-kuscia-autonomy-alice scripts/deploy/create_sf_app_image.sh " +
                        "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8 1.1.0b0",
                    "-it op1-kuscia-autonomy-alice scripts/deploy/create_domain_datasource.sh alice",
                    "-it op1-kuscia-autonomy-alice scripts/deploy/create_domaindata_alice_table.sh alice",
                    "-it op1-kuscia-autonomy-alice scripts/deploy/create_domaindata_bob_table.sh alice",
                ],
                "after start, as the real deploy.sh: the SecretFlow image into the node's containerd, the AppImage, the demo " +
                    "data source and tables",
            );
            assert.ok(
                r.calls.some(c => c.join(" ") === `save ${SF} -o ${SF_TAR}`),
                "the image is saved from the host's docker into /tmp",
            );
            assert.match(r.out, /Autonomy domain 'alice' deployed successfully/);
        },
    );

    it("is privileged by default, and takes -k, -g, -c and -d", async () => {
        const r = await deploy("options", [...ARGS, "-k", "18082", "-g", "18083", "-c", "c", "-d", "d"]);
        assert.equal(r.code, 0, r.out);
        const start = r.calls.find(c => c[0] === "run" && c[1] === "-dit")!.join(" ");
        assert.ok(start.includes("--privileged"));
        assert.ok(start.includes("-p 18082:8082") && start.includes("-p 18083:8083"));
        assert.ok(start.includes(`-v ${path.join(r.dir, "c")}:/home/kuscia/etc/certs`));
        assert.ok(start.includes(`-v ${path.join(r.dir, "d")}:/home/kuscia/var/storage/data`));
    });

    it("fails without a terminal, as the real one: the input device is not a TTY", async () => {
        const r = await deploy("notty", ARGS, { KUSCIA_PRIVILEGED: "false" }, { tty: false });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /the input device is not a TTY/);
        assert.ok(!r.calls.some(c => c[0] === "run" && c[1].startsWith("-d")), "no node started");
    });

    it("asks before recreating an existing container: n keeps it as it is, even stopped; y recreates it", async () => {
        await deploy("rerun", ARGS, { KUSCIA_PRIVILEGED: "false" });
        fs.rmSync(path.join(root, "rerun", "state", "running"));
        let r = await deploy("rerun", ARGS, { KUSCIA_PRIVILEGED: "false" }, { keepState: true, answer: "n\n" });
        assert.match(
            r.out,
            /The container 'op1-kuscia-autonomy-alice' already exists\. Do you need to recreate it\? \[y\/n\]:/,
        );
        assert.ok(!r.calls.some(c => c[0] === "run" || c[0] === "start"), "neither run nor started");
        r = await deploy("rerun", ARGS, { KUSCIA_PRIVILEGED: "false" }, { keepState: true, answer: "y\n" });
        assert.equal(r.code, 0, r.out);
        assert.ok(
            r.calls.some(c => c[0] === "rm") && r.calls.some(c => c[0] === "run" && c[1] === "-dit"),
            "removed and started anew",
        );
    });

    it("fails when the node never becomes ready", async () => {
        const r = await deploy("notready", ARGS, { KUSCIA_PRIVILEGED: "false", FAKE_DOCKER_NEVER_READY: "1" });
        assert.equal(r.code, 1);
        assert.match(r.out, /Probe gateway in namespace 'alice' failed/);
        assert.ok(!r.calls.some(c => c.join(" ").includes("create_domain_datasource")));
    });

    it("pulls the SecretFlow image when the host lacks it", async () => {
        const r = await deploy("pull", ARGS, { KUSCIA_PRIVILEGED: "false", FAKE_DOCKER_NO_SF_IMAGE: "1" });
        assert.equal(r.code, 0, r.out);
        const pullAt = r.calls.findIndex(c => c[0] === "pull");
        assert.ok(pullAt >= 0 && pullAt < r.calls.findIndex(c => c[0] === "save"), "pulled, then saved");
    });

    it("registers an untagged SECRETFLOW_IMAGE as tag latest, as create_secretflow_app_image does", async () => {
        const r = await deploy("untagged", ARGS, {
            KUSCIA_PRIVILEGED: "false",
            SECRETFLOW_IMAGE: "secretflow/secretflow-lite-anolis8",
        });
        assert.equal(r.code, 0, r.out);
        const execs = r.calls.filter(c => c[0] === "exec").map(c => c.slice(1).join(" "));
        assert.ok(
            execs.includes(
                "-it op1-kuscia-autonomy-alice scripts/deploy/create_sf_app_image.sh secretflow/secretflow-lite-anolis8 latest",
            ),
            execs.join("\n"),
        );
    });

    it("checks its arguments", async () => {
        let r = await deploy("args", ["autonomy", "-n", "alice"]);
        assert.equal(r.code, 1);
        assert.match(r.out, /empty domain host port/);
        r = await deploy("args", ["autonomy", "-n", "Alice", "-p", "8081"]);
        assert.equal(r.code, 1);
        assert.match(r.out, /domain id 'Alice' must match/);
        r = await deploy("args", ["standalone"]);
        assert.equal(r.code, 1);
    });
});
