import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tempRoot } from "./helpers/node";
import { run } from "./helpers/run";
import { repoRoot, stagedHome } from "./helpers/stage";

/** deploy.sh against a recording stand-in for the docker CLI (the lab tests it against real Docker). */
describe("deploy.sh", () => {
  let root: string;
  let home: string;

  before(() => {
    root = tempRoot("deploy");
    home = stagedHome();
    const bin = path.join(root, "bin");
    fs.mkdirSync(bin);
    fs.copyFileSync(path.join(__dirname, "helpers", "fake-docker.sh"), path.join(bin, "docker"));
    fs.chmodSync(path.join(bin, "docker"), 0o755);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function deploy(name: string, args: string[], env: Record<string, string> = {}, keepState = false) {
    const dir = path.join(root, name);
    const state = path.join(dir, "state");
    if (!keepState) fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(state, { recursive: true });
    const log = path.join(dir, "docker.log");
    fs.writeFileSync(log, "");
    const r = await run(path.join(home, "scripts", "deploy", "deploy.sh"), args, {
      cwd: dir,
      env: {
        ...process.env, PATH: `${path.join(root, "bin")}:${process.env.PATH}`, USER: "op1",
        NODE_PATH: path.join(repoRoot, "node_modules"), KUSCIA_IMAGE: "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0",
        FAKE_DOCKER_LOG: log, FAKE_DOCKER_STATE: state, FAKE_DOCKER_IMAGE_HOME: home, KUSCIA_READY_TIMEOUT: "3", ...env,
      },
    });
    const calls: string[][] = fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    return { ...r, calls, dir };
  }

  const ARGS = ["autonomy", "-n", "alice", "-i", "10.213.0.11", "-p", "8081"];

  it("creates the certs in throw-away containers, starts the node like the seed, waits, imports demo data", async () => {
    const r = await deploy("fresh", ARGS, { KUSCIA_PRIVILEGED: "false" });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const certs = path.join(r.dir, "kuscia-autonomy-alice-certs");
    const data = path.join(r.dir, "kuscia-autonomy-alice-data");
    assert.ok(fs.existsSync(data));
    for (const f of ["domain.key", "domain.csr", "ca.crt", "external_tls.crt", "kusciaapi-server.crt", "kusciaapi-client.crt", "token"]) {
      assert.ok(fs.existsSync(path.join(certs, f)), f);
    }
    const rm = r.calls.filter((c) => c[0] === "run" && c[1] === "--rm");
    assert.deepEqual(rm.map((c) => c.slice(-3)), [
      ["10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0", "scripts/deploy/init_domain_certs.sh", "alice"],
      ["scripts/deploy/init_external_tls_cert.sh", "alice", "IP:10.213.0.11"],
      ["op1-kuscia-autonomy-alice", "10.213.0.11", ""],
    ]);
    for (const c of rm) assert.deepEqual(c.slice(2, 4), ["-v", `${certs}:/home/kuscia/etc/certs`]);
    const start = r.calls.find((c) => c[0] === "run" && c[1] === "-d")!;
    const line = start.join(" ");
    for (const part of [
      "--name=op1-kuscia-autonomy-alice", "--hostname=op1-kuscia-autonomy-alice", "--restart=always", "--network=kuscia-exchange",
      "-m 6G", "-p 8081:1080", "-p 13082:8082", "-p 13083:8083", "--env NAMESPACE=alice",
      "--mount source=op1-kuscia-autonomy-alice-containerd,target=/home/kuscia/containerd",
      `-v ${certs}:/home/kuscia/etc/certs`, `-v ${data}:/home/kuscia/var/storage/data`, "--entrypoint bin/entrypoint.sh",
      "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0 tini -- scripts/deploy/start_autonomy.sh alice",
    ]) assert.ok(line.includes(part), `${part} in: ${line}`);
    assert.ok(!start.includes("--privileged"));
    assert.ok(!r.calls.some((c) => c.includes("-it") || c.includes("-t")), "no TTY flags");
    assert.deepEqual(r.calls.filter((c) => c[0] === "network").map((c) => c[1]), ["inspect", "create"]);
    const execs = r.calls.filter((c) => c[0] === "exec").map((c) => c.slice(1).join(" "));
    assert.ok(execs.includes("op1-kuscia-autonomy-alice kubectl get gateways -n alice"));
    const sf = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.1.0b0";
    assert.deepEqual(execs.slice(-6), [
      `op1-kuscia-autonomy-alice crictl inspecti ${sf}`,
      "-i op1-kuscia-autonomy-alice ctr -a=/home/kuscia/containerd/run/containerd.sock -n=k8s.io images import -",
      "op1-kuscia-autonomy-alice scripts/deploy/create_sf_app_image.sh secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8 1.1.0b0",
      "op1-kuscia-autonomy-alice scripts/deploy/create_domain_datasource.sh alice",
      "op1-kuscia-autonomy-alice scripts/deploy/create_domaindata_alice_table.sh alice",
      "op1-kuscia-autonomy-alice scripts/deploy/create_domaindata_bob_table.sh alice",
    ], "after start, as the real deploy.sh: the SecretFlow image into the node's containerd, the AppImage, the demo data source and tables");
    assert.ok(r.calls.some((c) => c[0] === "save" && c[1] === sf), "the image is saved from the host's docker");
    assert.match(r.stdout, /Autonomy domain 'alice' deployed successfully/);
  });

  it("is privileged by default, and takes -k, -g, -c and -d", async () => {
    const r = await deploy("options", [...ARGS, "-k", "18082", "-g", "18083", "-c", "c", "-d", "d"]);
    assert.equal(r.code, 0, r.stderr);
    const start = r.calls.find((c) => c[0] === "run" && c[1] === "-d")!.join(" ");
    assert.ok(start.includes("--privileged"));
    assert.ok(start.includes("-p 18082:8082") && start.includes("-p 18083:8083"));
    assert.ok(start.includes(`-v ${path.join(r.dir, "c")}:/home/kuscia/etc/certs`));
    assert.ok(start.includes(`-v ${path.join(r.dir, "d")}:/home/kuscia/var/storage/data`));
  });

  it("keeps an existing container when there is no terminal to ask, starting it if stopped", async () => {
    await deploy("rerun", ARGS, { KUSCIA_PRIVILEGED: "false" });
    fs.rmSync(path.join(root, "rerun", "state", "running"));
    const r = await deploy("rerun", ARGS, { KUSCIA_PRIVILEGED: "false" }, true);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /already exists; keeping it/);
    assert.ok(!r.calls.some((c) => c[0] === "run"), "no container run");
    assert.ok(r.calls.some((c) => c[0] === "start"));
    assert.ok(r.calls.some((c) => c.join(" ").endsWith("scripts/deploy/create_domaindata_bob_table.sh alice")));
    assert.ok(!r.calls.some((c) => c[0] === "save"), "the image imported on the first run is not imported again");
  });

  it("fails when the node never becomes ready", async () => {
    const r = await deploy("notready", ARGS, { KUSCIA_PRIVILEGED: "false", FAKE_DOCKER_NEVER_READY: "1" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Probe gateway in namespace 'alice' failed/);
    assert.ok(!r.calls.some((c) => c.join(" ").includes("create_domain_datasource")));
  });

  it("pulls the SecretFlow image when the host lacks it", async () => {
    const r = await deploy("pull", ARGS, { KUSCIA_PRIVILEGED: "false", FAKE_DOCKER_NO_SF_IMAGE: "1" });
    assert.equal(r.code, 0, r.stderr);
    const pullAt = r.calls.findIndex((c) => c[0] === "pull");
    assert.ok(pullAt >= 0 && pullAt < r.calls.findIndex((c) => c[0] === "save"), "pulled, then saved");
  });

  it("checks its arguments", async () => {
    let r = await deploy("args", ["autonomy", "-n", "alice"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /empty domain host port/);
    r = await deploy("args", ["autonomy", "-n", "Alice", "-p", "8081"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /domain id 'Alice' must match/);
    r = await deploy("args", ["standalone"]);
    assert.equal(r.code, 1);
  });
});
