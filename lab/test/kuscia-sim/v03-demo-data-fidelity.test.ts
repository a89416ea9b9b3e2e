import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { DEMO_SCRIPTS, DEMO_TABLES, IMAGE_DATA_DIR, startPairV03, tempRootV03, V03Node } from "./helpers/node-v03";
import { eventually, run } from "./helpers/run";

/**
 * The demo data and SecretFlow image steps as Kuscia 0.3.0b0's image has them: deploy.sh's
 * create_domaindata_table runs create_domain_datasource.sh / create_domaindata_{alice,bob}_table.sh ID
 * (templates scripts/templates/domain_datasource.yaml, domaindata_{alice,bob}_table.yaml); the demo
 * CSVs sit at /home/kuscia/var/storage/data (build/dockerfile/kuscia-anolis.Dockerfile: COPY testdata),
 * hidden by the data dir mount; check_sf_image imports the SecretFlow image with
 * `ctr -a=/home/kuscia/containerd/run/containerd.sock -n=k8s.io images import` unless
 * `crictl inspecti` finds it; create_sf_app_image.sh requires SF_IMAGE_NAME and SF_IMAGE_TAG.
 */
describe("demo data and app image, as the real image has them", () => {
    let root: string;
    let carol: V03Node;

    const get = async (node: V03Node, args: string[]) => {
        const r = await node.kubectl(["get", ...args, "-o", "json"]);
        assert.equal(r.code, 0, r.stderr);
        return JSON.parse(r.stdout);
    };

    before(async () => {
        root = tempRootV03("demo");
        carol = await V03Node.create("carol", root);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("ships the real image's scripts and templates, and no import_demo_data.sh", () => {
        const deploy = path.join(carol.code, "scripts", "deploy");
        assert.ok(
            !fs.existsSync(path.join(deploy, "import_demo_data.sh")),
            "import_demo_data.sh is not in the real image",
        );
        for (const s of [...DEMO_SCRIPTS, "deploy/create_sf_app_image.sh"]) {
            const file = path.join(carol.code, "scripts", s);
            assert.ok(fs.statSync(file).mode & 0o100, `${s} is executable`);
        }
        for (const t of [
            "domain_datasource.yaml",
            "domaindata_alice_table.yaml",
            "domaindata_bob_table.yaml",
            "app_image.secretflow.yaml",
        ]) {
            assert.ok(fs.existsSync(path.join(carol.code, "scripts", "templates", t)), t);
        }
    });

    it("keeps the demo CSVs where the real image has them, hidden by the node's data dir", () => {
        for (const t of DEMO_TABLES) {
            const text = fs.readFileSync(path.join(carol.code, IMAGE_DATA_DIR, t), "utf8");
            assert.ok(text.split("\n").length > 100, `${t} has rows`);
        }
        assert.ok(!fs.existsSync(path.join(carol.code, "share")), "no share/demo: the tables are at var/storage/data");
        // The node's data dir (the host's bind mount in a container; its own KUSCIA_HOME here) starts empty.
        assert.ok(!fs.existsSync(carol.data) || fs.readdirSync(carol.data).length === 0);
    });

    it("the three scripts need the domain id and create the real objects in its namespace", async () => {
        for (const s of DEMO_SCRIPTS) {
            const r = await carol.script(s);
            assert.equal(r.code, 1, `${s} without DOMAIN_ID`);
            assert.match(r.stdout, new RegExp(`missing argument: ${path.basename(s)} DOMAIN_ID`));
        }
        for (const s of DEMO_SCRIPTS) await carol.mustScript(s, ["carol"]);
        const ds = await get(carol, ["domaindatasource", "default-data-source", "-n", "carol"]);
        assert.equal(ds.spec.type, "localfs");
        assert.equal(ds.spec.uri, "/home/kuscia/var/storage/data");
        assert.equal(ds.spec.name, "default-data-source");
        assert.equal(JSON.parse(ds.spec.data.encryptInfo).localfs.path, "/home/kuscia/var/storage/data");
        assert.equal(ds.metadata.labels["kuscia.secretflow/domaindatasource-type"], "localfs");
        for (const [name, file, id] of [
            ["alice-table", "alice.csv", "id1"],
            ["bob-table", "bob.csv", "id2"],
        ]) {
            const dd = await get(carol, ["domaindata", name, "-n", "carol"]);
            assert.equal(dd.spec.relativeURI, file);
            assert.equal(dd.spec.name, file);
            assert.equal(dd.spec.dataSource, "default-data-source");
            assert.equal(dd.spec.type, "table");
            assert.equal(dd.spec.vendor, "manual");
            assert.deepEqual(dd.spec.columns[0], { comment: "", name: id, type: "str" });
        }
        // kubectl apply: running them again changes nothing.
        for (const s of DEMO_SCRIPTS) await carol.mustScript(s, ["carol"]);
        const names = (await get(carol, ["domaindata", "-n", "carol"])).items.map((o: any) => o.metadata.name);
        assert.deepEqual(names, ["alice-table", "bob-table"]);
    });

    it("create_sf_app_image.sh requires REPO and TAG, then registers both AppImages like the real template", async () => {
        for (const args of [[], ["secretflow/secretflow-lite-anolis8"]]) {
            const r = await carol.script("deploy/create_sf_app_image.sh", args);
            assert.equal(r.code, 1, `create_sf_app_image.sh ${args.join(" ")}`);
            assert.match(r.stdout, /missing argument: create_sf_app_image.sh SF_IMAGE_NAME SF_IMAGE_TAG/);
        }
        assert.equal(
            (await carol.kubectl(["get", "appimage", "secretflow-image"])).code,
            1,
            "nothing registered by the failed calls",
        );
        await carol.mustScript("deploy/create_sf_app_image.sh", [
            "registry.test:5000/secretflow/secretflow-lite-anolis8",
            "1.1.0b0",
        ]);
        for (const name of ["secretflow-image", "secretflow-nsjail-image"]) {
            const img = await get(carol, ["appimage", name]);
            assert.equal(img.spec.image.name, "registry.test:5000/secretflow/secretflow-lite-anolis8");
            assert.equal(img.spec.image.tag, "1.1.0b0");
        }
    });

    it("crictl inspecti finds an image only once ctr has imported it into k8s.io over the node's socket", async () => {
        const env = carol.env;
        const bin = (t: string) => path.join(carol.code, "bin", t);
        const sock = "/home/kuscia/containerd/run/containerd.sock";
        // A `docker save`-shaped archive: manifest.json with the image's RepoTags.
        const dir = fs.mkdtempSync(path.join(root, "save-"));
        fs.writeFileSync(
            path.join(dir, "manifest.json"),
            JSON.stringify([
                { Config: "c.json", RepoTags: ["secretflow/secretflow-lite-anolis8:1.1.0b0"], Layers: [] },
            ]),
        );
        fs.writeFileSync(path.join(dir, "c.json"), "{}");
        const tar = path.join(root, "sf.tar");
        execFileSync("tar", ["-cf", tar, "-C", dir, "manifest.json", "c.json"]);

        const inspect = (image: string) => run(bin("crictl"), ["inspecti", image], { env });
        let r = await inspect("secretflow/secretflow-lite-anolis8:1.1.0b0");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /no such image "secretflow\/secretflow-lite-anolis8:1.1.0b0" present/);

        r = await run(bin("ctr"), ["-n=k8s.io", "images", "import", tar], { env });
        assert.equal(r.code, 1, "no -a: k3s's default socket does not exist in a Kuscia node");
        assert.match(r.stderr, /failed to dial/);
        r = await run(bin("ctr"), [`-a=${sock}`, "images", "import", tar], { env });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            (await inspect("secretflow/secretflow-lite-anolis8:1.1.0b0")).code,
            1,
            "ctr's default namespace is not the kubelet's k8s.io",
        );

        // What the library runs: docker save IMAGE | docker exec -i CTR ctr -a=SOCK -n=k8s.io images import -
        const child = execFileSync(
            "bash",
            ["-c", `"$0" -a=${sock} -n=k8s.io images import - < "$1"`, bin("ctr"), tar],
            {
                env,
                encoding: "utf8",
            },
        );
        assert.match(
            child,
            /^unpacking docker\.io\/secretflow\/secretflow-lite-anolis8:1\.1\.0b0 \(sha256:[0-9a-f]{64}\)\.\.\.done$/m,
        );
        for (const ref of [
            "secretflow/secretflow-lite-anolis8:1.1.0b0",
            "docker.io/secretflow/secretflow-lite-anolis8:1.1.0b0",
        ]) {
            r = await inspect(ref);
            assert.equal(r.code, 0, `${ref}: ${r.stderr}`);
            assert.equal(
                JSON.parse(r.stdout).status.repoTags[0],
                "docker.io/secretflow/secretflow-lite-anolis8:1.1.0b0",
            );
        }
        assert.equal(
            (await inspect("secretflow/secretflow-lite-anolis8:1.2.0")).code,
            1,
            "another tag is not imported",
        );
        r = await run(bin("ctr"), [`-a=${sock}`, "-n=k8s.io", "images", "ls", "-q"], { env });
        assert.equal(r.stdout, "docker.io/secretflow/secretflow-lite-anolis8:1.1.0b0\n");
        // The record lives in the node's containerd volume (/home/kuscia/containerd), so it survives a restart.
        assert.ok(fs.existsSync(path.join(carol.home, "containerd", "sim-images", "k8s.io", "list")));
        r = await run(bin("ctr"), [`-a=${sock}`, "-n=k8s.io", "images", "import", path.join(dir, "c.json")], { env });
        assert.equal(r.code, 1, "not an image archive");
    });
});

describe("a PSI job reads its input through the objects the scripts created", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;
    let n = 0;

    async function runJob(): Promise<{ phase: string; message: string }> {
        const name = `demo-job-${++n}`;
        await alice.mustScript("user/create_example_job.sh", ["PSI", name]);
        return eventually(
            `job ${name}`,
            async () => {
                const r = await alice.kubectl(["get", "kj", name, "-o", "json"]);
                const s = r.code === 0 ? (JSON.parse(r.stdout).status ?? {}) : {};
                return ["Succeeded", "Failed"].includes(s.phase)
                    ? { phase: s.phase, message: s.message ?? "" }
                    : undefined;
            },
            30000,
        );
    }

    before(async () => {
        root = tempRootV03("demo-psi");
        ({ alice, bob } = await startPairV03(root));
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("succeeds on the image's tables copied into the data dirs, registered by the three scripts", async () => {
        for (const node of [alice, bob]) {
            assert.deepEqual(
                fs
                    .readdirSync(node.data)
                    .filter(f => f.endsWith(".csv"))
                    .sort(),
                ["alice.csv", "bob.csv"],
            );
        }
        const job = await runJob();
        assert.equal(job.phase, "Succeeded", job.message);
        for (const node of [alice, bob]) assert.ok(fs.existsSync(path.join(node.data, "psi-output.csv")));
    });

    it("fails, naming the script, when the party has no DomainDataSource default-data-source", async () => {
        const r = await bob.kubectl(["delete", "domaindatasource", "default-data-source", "-n", "bob"]);
        assert.equal(r.code, 0, r.stderr);
        try {
            const job = await runJob();
            assert.equal(job.phase, "Failed");
            assert.equal(
                job.message,
                "bob: input data source default-data-source not found in namespace bob (run " +
                    "scripts/deploy/create_domain_datasource.sh bob)",
            );
        } finally {
            await bob.mustScript("deploy/create_domain_datasource.sh", ["bob"]);
        }
        assert.equal((await runJob()).phase, "Succeeded");
    });

    it("reads the table from the data source's path", async () => {
        const moved = path.join(alice.home, "elsewhere");
        fs.mkdirSync(moved, { recursive: true });
        fs.copyFileSync(path.join(alice.data, "alice.csv"), path.join(moved, "alice.csv"));
        const ds = JSON.parse(
            (await alice.kubectl(["get", "dds", "default-data-source", "-n", "alice", "-o", "json"])).stdout,
        );
        const apply = (uri: string) =>
            alice.kubectl(["apply", "-f", "-"], JSON.stringify({ ...ds, spec: { ...ds.spec, uri } }));
        assert.equal((await apply(moved)).code, 0);
        fs.renameSync(path.join(alice.data, "alice.csv"), path.join(alice.data, "alice.csv.away"));
        try {
            assert.equal((await runJob()).phase, "Succeeded", "alice.csv is read from the data source's uri");
            await apply(path.join(alice.home, "nowhere"));
            const job = await runJob();
            assert.equal(job.phase, "Failed");
            assert.match(job.message, /^alice: input table .*nowhere\/alice\.csv not found/);
        } finally {
            fs.renameSync(path.join(alice.data, "alice.csv.away"), path.join(alice.data, "alice.csv"));
            await alice.mustScript("deploy/create_domain_datasource.sh", ["alice"]);
        }
    });
});
