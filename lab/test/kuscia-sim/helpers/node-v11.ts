import * as fs from "fs";
import * as path from "path";
import { eventually, Result, run } from "./run";
import { freePorts, NodePorts, SimNode, tempRoot } from "./sim-node";

/**
 * The tests' KUSCIA_SIM_TIME_SCALE: Kuscia's 15 s health check takes 1 s, its 327 s of handshake
 * back-off 22 s. A test that needs another passes KUSCIA_SIM_TIME_SCALE to start().
 */
export const TIME_SCALE = 1 / 15;

/**
 * kuscia.sh's default SECRETFLOW_IMAGE, which it registers in the node whatever its -a
 * (register_app_image.sh -i IMAGE -m).
 */
export const SECRETFLOW_IMAGE_V11 =
    "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.11.0b1";

/**
 * A Kuscia 1.1 node: var/certs and etc/conf/kuscia.yaml (`kuscia init`), the daemon `kuscia start` runs.
 * deploy_p2p_cn.md in this file is Kuscia 1.1's docs/deployment/Docker_deployment_kuscia/deploy_p2p_cn.md.
 */
export class V11Node extends SimNode {
    readonly config: string;

    private constructor(
        id: string,
        ports: NodePorts,
        readonly k3sPort: number,
        readonly datameshPort: number,
        root: string,
    ) {
        super(id, "1.1", ports, root, path.join(root, id, "var", "certs"));
        this.config = path.join(this.home, "etc", "conf", "kuscia.yaml");
        fs.mkdirSync(path.dirname(this.config), { recursive: true });
    }

    static async create(id: string, root: string): Promise<V11Node> {
        const {
            ports,
            extra: [k3s, datamesh],
        } = await freePorts(2);
        return new V11Node(id, ports, k3s, datamesh, root);
    }

    get env(): NodeJS.ProcessEnv {
        return {
            ...super.env,
            KUSCIA_K3S_PORT: String(this.k3sPort),
            KUSCIA_DATAMESH_PORT: String(this.datameshPort),
            KUSCIA_GATEWAY_NAME: `test-kuscia-autonomy-${this.id}-host`,
            KUSCIA_SIM_TIME_SCALE: String(TIME_SCALE),
        };
    }

    /** `kuscia init` as deploy_p2p_cn.md runs it, its output saved as the config kuscia.sh mounts. */
    async init(extra: string[] = []): Promise<string> {
        const r = await this.kuscia(["init", "--mode", "autonomy", "--domain", this.id, ...extra]);
        if (r.code !== 0) throw new Error(`kuscia init exited ${r.code}: ${r.stderr}`);
        fs.writeFileSync(this.config, r.stdout);
        return r.stdout;
    }

    kuscia(args: string[]): Promise<Result> {
        return run(path.join(this.code, "bin", "kuscia"), args, { env: this.env, cwd: this.home });
    }

    /** `bin/kuscia start -c etc/conf/kuscia.yaml` in /home/kuscia, waiting for the Gateway object. */
    start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
        this.log = "";
        const command = ["bin/kuscia", "start", "-c", "etc/conf/kuscia.yaml"];
        return this.startDaemon(command, { ...this.env, ...extraEnv }, { cwd: this.home, timeoutMs: 30000 });
    }

    /** What kuscia.sh start runs in the node after its probes: register_app_image.sh -i IMAGE -m. */
    async registerAppImage(image = SECRETFLOW_IMAGE_V11): Promise<void> {
        await this.mustScript("deploy/register_app_image.sh", ["-i", image, "-m"]);
    }

    url(scheme = "https"): string {
        return `${scheme}://127.0.0.1:${this.gatewayPort}`;
    }

    /** A KusciaAPI call as deploy_p2p_cn.md makes it: mTLS with ca.crt/ca.key and the Token header. */
    async api(urlPath: string, body: unknown): Promise<any> {
        const r = await run("curl", [
            "-sS",
            "--max-time",
            "10",
            "--cacert",
            this.file("ca.crt"),
            "--cert",
            this.file("ca.crt"),
            "--key",
            this.file("ca.key"),
            "-H",
            `Token: ${fs.readFileSync(this.file("token"), "utf8")}`,
            "-H",
            "Content-Type: application/json",
            "-d",
            JSON.stringify(body),
            `https://127.0.0.1:${this.apiPort}${urlPath}`,
        ]);
        if (r.code !== 0) throw new Error(`KusciaAPI ${urlPath} on ${this.id}: curl exited ${r.code}: ${r.stderr}`);
        return JSON.parse(r.stdout);
    }

    /** A jsonpath of one object, "" when kubectl fails. */
    async jsonpath(args: string[], expr: string): Promise<string> {
        const r = await this.kubectl(["get", ...args, "-o", `jsonpath=${expr}`]);
        return r.code === 0 ? r.stdout : "";
    }

    /** Waits for the ClusterDomainRoute's Ready condition to read `status` (and `reason`, when given). */
    async readyOf(cdr: string, status: "True" | "False", reason?: string, timeoutMs = 20000): Promise<void> {
        await eventually(
            `cdr ${cdr} on ${this.id} Ready=${status}${reason ? ` (${reason})` : ""}`,
            async () => {
                const s = await this.jsonpath(
                    ["cdr", cdr],
                    '{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].reason}',
                );
                const [got, why] = s.split(" ");
                return got === status && (reason === undefined || why === reason) ? true : undefined;
            },
            timeoutMs,
        );
    }
}

export const tempRootV11 = (prefix: string) => tempRoot("1.1", prefix);

/**
 * deploy_p2p_cn.md steps 1-3: `granter` gets `peer`'s domain.crt as PEER.domain.crt and runs add_domain.sh PEER p2p.
 */
export async function addPartner(granter: V11Node, peer: V11Node): Promise<void> {
    fs.copyFileSync(peer.file("domain.crt"), granter.file(`${peer.id}.domain.crt`));
    await granter.mustScript("deploy/add_domain.sh", [peer.id, "p2p"]);
}

/** deploy_p2p_cn.md steps 7-8: join_to_host.sh SELF HOST URL of the host's gateway. */
export async function joinHost(member: V11Node, host: V11Node, scheme = "https"): Promise<void> {
    await member.mustScript("deploy/join_to_host.sh", [member.id, host.id, host.url(scheme)]);
}

/**
 * Two 1.1 nodes started as kuscia.sh starts them (with the AppImage), each other's certificates added and routes joined
 * both ways.
 */
export async function startPairV11(root: string, protocol?: string): Promise<{ alice: V11Node; bob: V11Node }> {
    const alice = await V11Node.create("alice", root);
    const bob = await V11Node.create("bob", root);
    for (const n of [alice, bob]) {
        await n.init(protocol ? ["-p", protocol] : []);
        await n.start();
        await n.registerAppImage();
    }
    await addPartner(bob, alice);
    await addPartner(alice, bob);
    const scheme = protocol === "NOTLS" ? "http" : "https";
    await joinHost(alice, bob, scheme);
    await joinHost(bob, alice, scheme);
    return { alice, bob };
}

/**
 * startPairV11, then each node's demo table registered as deploy_p2p_cn.md does, and both routes Ready: a pair that can
 * run the example job.
 */
export async function startJobPairV11(root: string): Promise<{ alice: V11Node; bob: V11Node }> {
    const pair = await startPairV11(root);
    for (const n of [pair.alice, pair.bob]) {
        // deploy_p2p_cn.md copies the image's demo table into the data dir the mount hides, then registers it.
        fs.mkdirSync(n.data, { recursive: true });
        fs.copyFileSync(path.join(n.code, "var", "storage", "data", `${n.id}.csv`), path.join(n.data, `${n.id}.csv`));
        await n.mustScript(`deploy/create_domaindata_${n.id}_table.sh`, [n.id]);
    }
    await pair.alice.readyOf("alice-bob", "True");
    await pair.bob.readyOf("bob-alice", "True");
    return pair;
}
