import * as fs from "fs";
import * as path from "path";
import { freePorts, NodePorts, SimNode, tempRoot } from "./sim-node";

/** Where the real image keeps its demo tables (Dockerfile: COPY testdata ${ROOT_DIR}/var/storage/data). */
export const IMAGE_DATA_DIR = path.join("var", "storage", "data");
export const DEMO_TABLES = ["alice.csv", "bob.csv"];
/** deploy.sh's create_domaindata_table, in its order. */
export const DEMO_SCRIPTS = [
    "deploy/create_domain_datasource.sh",
    "deploy/create_domaindata_alice_table.sh",
    "deploy/create_domaindata_bob_table.sh",
];

/** deploy.sh's default SECRETFLOW_IMAGE, which create_secretflow_app_image registers as repository and tag. */
export const SECRETFLOW_IMAGE_V03 =
    "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.1.0b0";

/**
 * A Kuscia 0.3 node: etc/certs from the init scripts, the daemon start_autonomy.sh runs.
 * deploy_p2p_cn.md in this file is Kuscia 0.3's docs/getting_started/deploy/deploy_p2p_cn.md.
 */
export class V03Node extends SimNode {
    private constructor(id: string, ports: NodePorts, root: string) {
        super(id, "0.3", ports, root, path.join(root, id, "etc", "certs"));
        fs.mkdirSync(this.certs, { recursive: true });
    }

    static async create(id: string, root: string): Promise<V03Node> {
        return new V03Node(id, (await freePorts()).ports, root);
    }

    get env(): NodeJS.ProcessEnv {
        return { ...super.env, NAMESPACE: this.id, KUSCIA_GATEWAY_NAME: `test-kuscia-autonomy-${this.id}` };
    }

    get endpoint(): string {
        return `127.0.0.1:${this.gatewayPort}`;
    }

    async initCerts(): Promise<void> {
        await this.mustScript("deploy/init_domain_certs.sh", [this.id]);
        await this.mustScript("deploy/init_external_tls_cert.sh", [this.id, "IP:127.0.0.1"]);
        await this.mustScript("deploy/init_kusciaapi_cert.sh", [`test-kuscia-autonomy-${this.id}`, "127.0.0.1"]);
    }

    /** Starts the daemon and waits for its Gateway object, as deploy.sh's readiness probe does. */
    start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
        return this.startDaemon(["scripts/deploy/start_autonomy.sh", this.id], { ...this.env, ...extraEnv });
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
}

export const tempRootV03 = (prefix: string) => tempRoot("0.3", prefix);

/**
 * `granter` signs `peer`'s CSR and grants it (add_domain.sh); `peer` gets the cert and CA as deploy_p2p_cn.md has them
 * copied.
 */
export async function grant(granter: V03Node, peer: V03Node): Promise<void> {
    fs.copyFileSync(peer.file("domain.csr"), granter.file(`${peer.id}.domain.csr`));
    await granter.mustScript("deploy/add_domain.sh", [peer.id, `test-kuscia-autonomy-${granter.id}`, "p2p"]);
    fs.copyFileSync(granter.file(`${peer.id}.domain.crt`), peer.file(`domain-2-${granter.id}.crt`));
    fs.copyFileSync(granter.file("ca.crt"), peer.file(`${granter.id}.host.ca.crt`));
}

export async function join(member: V03Node, host: V03Node): Promise<void> {
    await member.mustScript("deploy/join_to_host.sh", [member.id, host.id, host.endpoint]);
}

/**
 * Two started nodes, alice and bob, granted and joined in both directions, with deploy.sh's AppImages and their demo
 * tables.
 */
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
