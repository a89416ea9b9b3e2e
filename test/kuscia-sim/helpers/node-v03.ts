import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { eventually, Result, run } from "./run";
import { repoRoot, stagedHome } from "./stage";

/**
 * A loopback port no one listens on, below Linux's ephemeral range (32768-60999): a port the kernel
 * handed out (listen on 0) may go to a client connection of any test before the node binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 10000 + Math.floor(Math.random() * 22000);
    const bound = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (bound) return port;
  }
}

/** Where the real image keeps its demo tables (Dockerfile: COPY testdata ${ROOT_DIR}/var/storage/data). */
export const IMAGE_DATA_DIR = path.join("var", "storage", "data");
export const DEMO_TABLES = ["alice.csv", "bob.csv"];
/** deploy.sh's create_domaindata_table, in its order. */
export const DEMO_SCRIPTS = ["deploy/create_domain_datasource.sh", "deploy/create_domaindata_alice_table.sh", "deploy/create_domaindata_bob_table.sh"];

/** deploy.sh's default SECRETFLOW_IMAGE, which create_secretflow_app_image registers as repository and tag. */
export const SECRETFLOW_IMAGE_V03 = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.1.0b0";

/** Daemons still running, ended when the test process exits whatever happened to its hooks. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** One kuscia-sim node outside Docker: its own KUSCIA_HOME and loopback ports, the staged code. */
export class V03Node {
  readonly code = stagedHome();
  readonly home: string;
  readonly certs: string;
  readonly data: string;
  private daemon?: ChildProcess;
  log = "";

  private constructor(
    readonly id: string,
    readonly gatewayPort: number,
    readonly internalPort: number,
    readonly apiPort: number,
    readonly grpcPort: number,
    root: string,
  ) {
    this.home = path.join(root, id);
    this.certs = path.join(this.home, "etc", "certs");
    this.data = path.join(this.home, "var", "storage", "data");
    fs.mkdirSync(this.certs, { recursive: true });
  }

  static async create(id: string, root: string): Promise<V03Node> {
    return new V03Node(id, await freePort(), await freePort(), await freePort(), await freePort(), root);
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      // The image's ENV PATH has bin/ (kubectl, ctr, crictl), which the real scripts call by name.
      PATH: `${path.join(this.code, "bin")}:${process.env.PATH}`,
      NODE_PATH: path.join(repoRoot, "node_modules"),
      KUSCIA_HOME: this.home,
      NAMESPACE: this.id,
      KUSCIA_GATEWAY_PORT: String(this.gatewayPort),
      KUSCIA_INTERNAL_PORT: String(this.internalPort),
      KUSCIA_API_PORT: String(this.apiPort),
      KUSCIA_API_GRPC_PORT: String(this.grpcPort),
      KUSCIA_LISTEN_HOST: "127.0.0.1",
      KUSCIA_GATEWAY_NAME: `test-kuscia-autonomy-${this.id}`,
    };
  }

  get endpoint(): string {
    return `127.0.0.1:${this.gatewayPort}`;
  }

  kubectl(args: string[], input?: string): Promise<Result> {
    return run(path.join(this.code, "bin", "kubectl"), args, { env: this.env, input });
  }

  /** Runs a script under scripts/ (e.g. "deploy/add_domain.sh"). */
  script(name: string, args: string[] = []): Promise<Result> {
    return run(path.join(this.code, "scripts", name), args, { env: this.env });
  }

  async mustScript(name: string, args: string[] = []): Promise<string> {
    const r = await this.script(name, args);
    if (r.code !== 0) throw new Error(`${name} ${args.join(" ")} on ${this.id} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  async initCerts(): Promise<void> {
    await this.mustScript("deploy/init_domain_certs.sh", [this.id]);
    await this.mustScript("deploy/init_external_tls_cert.sh", [this.id, "IP:127.0.0.1"]);
    await this.mustScript("deploy/init_kusciaapi_cert.sh", [`test-kuscia-autonomy-${this.id}`, "127.0.0.1"]);
  }

  /** Starts the daemon and waits for its Gateway object, as deploy.sh's readiness probe does. */
  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    const env = { ...this.env, ...extraEnv };
    const child = spawn(path.join(this.code, "scripts", "deploy", "start_autonomy.sh"), [this.id], { env, stdio: ["ignore", "pipe", "pipe"] });
    this.daemon = child;
    live.add(child);
    child.once("exit", () => live.delete(child));
    child.stdout!.on("data", (d) => (this.log += d));
    child.stderr!.on("data", (d) => (this.log += d));
    await eventually(`${this.id}'s daemon to be ready`, () => {
      if (child.exitCode !== null) throw new Error(`${this.id}'s daemon exited ${child.exitCode}: ${this.log}`);
      return /ready/.test(this.log) ? true : undefined;
    });
  }

  async stop(): Promise<void> {
    const child = this.daemon;
    this.daemon = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }

  /**
   * What an operator does for the demo data: copies the image's demo tables (hidden by the data dir
   * mount) into the data dir when absent, then runs deploy.sh's three scripts.
   */
  async importDemoData(): Promise<void> {
    fs.mkdirSync(this.data, { recursive: true });
    for (const t of DEMO_TABLES) {
      const dst = path.join(this.data, t);
      if (!fs.existsSync(dst)) fs.copyFileSync(path.join(this.code, IMAGE_DATA_DIR, t), dst);
    }
    for (const s of DEMO_SCRIPTS) await this.mustScript(s, [this.id]);
  }

  /** deploy.sh's create_secretflow_app_image after every start: create_sf_app_image.sh REPO TAG. */
  async registerAppImage(image = SECRETFLOW_IMAGE_V03): Promise<void> {
    const colon = image.lastIndexOf(":");
    await this.mustScript("deploy/create_sf_app_image.sh", [image.slice(0, colon), image.slice(colon + 1)]);
  }

  file(name: string): string {
    return path.join(this.certs, name);
  }
}

export function tempRootV03(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `kuscia-sim-v03-${prefix}-`));
}

/** `granter` signs `peer`'s CSR and grants it (add_domain.sh); `peer` gets the cert and CA as the seed copies them. */
export async function grant(granter: V03Node, peer: V03Node): Promise<void> {
  fs.copyFileSync(peer.file("domain.csr"), granter.file(`${peer.id}.domain.csr`));
  await granter.mustScript("deploy/add_domain.sh", [peer.id, `test-kuscia-autonomy-${granter.id}`, "p2p"]);
  fs.copyFileSync(granter.file(`${peer.id}.domain.crt`), peer.file(`domain-2-${granter.id}.crt`));
  fs.copyFileSync(granter.file("ca.crt"), peer.file(`${granter.id}.host.ca.crt`));
}

export async function join(member: V03Node, host: V03Node): Promise<void> {
  await member.mustScript("deploy/join_to_host.sh", [member.id, host.id, host.endpoint]);
}

/** Two started nodes, alice and bob, granted and joined in both directions, with deploy.sh's AppImages and their demo tables. */
export async function startPairV03(root: string): Promise<{ alice: V03Node; bob: V03Node }> {
  const alice = await V03Node.create("alice", root);
  const bob = await V03Node.create("bob", root);
  for (const n of [alice, bob]) {
    await n.initCerts();
    await n.start();
    await n.registerAppImage();
    await n.importDemoData();
  }
  await grant(bob, alice);
  await join(alice, bob);
  await grant(alice, bob);
  await join(bob, alice);
  return { alice, bob };
}
