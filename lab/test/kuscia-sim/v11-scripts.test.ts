import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { run } from "./helpers/run";
import { tempRootV11, V11Node } from "./helpers/node-v11";

describe("add_domain.sh and join_to_host.sh (Kuscia 1.1.0b0 signatures)", () => {
    let root: string;
    let node: V11Node;
    const get = async (args: string[]) => {
        const r = await node.kubectl(["get", ...args, "-o", "json"]);
        assert.equal(r.code, 0, r.stderr);
        return JSON.parse(r.stdout);
    };
    const cdr = (name: string) => get(["cdr", name]);

    before(async () => {
        root = tempRootV11("scripts");
        node = await V11Node.create("alice", root);
        fs.mkdirSync(node.certs, { recursive: true });
        await run("openssl", [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            path.join(root, "bob.key"),
            "-subj",
            "/CN=bob",
            "-days",
            "10",
            "-out",
            node.file("bob.domain.crt"),
        ]);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("add_domain.sh without an id prints its usage on stdout and exits 1", async () => {
        // scripts/deploy/add_domain.sh:20-26.
        const r = await node.script("deploy/add_domain.sh");
        assert.equal(r.code, 1);
        assert.equal(
            r.stdout,
            "missing argument: add_domain.sh DOMAIN_ID [ROLE] [INTERCONN_PROTOCOL] [MASTER_DOMAIN_ID]\n",
        );
    });

    it("add_domain.sh bob p2p: a partner Domain with bob's own certificate and token authentication", async () => {
        // add_domain.sh:28-63 (ROLE partner for p2p, master defaults to the id, authCenter Token/RSA-GEN,
        // interConnProtocols).
        await node.mustScript("deploy/add_domain.sh", ["bob", "p2p"]);
        const d = await get(["domain", "bob"]);
        assert.deepEqual(d.metadata.annotations, { "domain/bob": "kuscia.secretflow/domain-type=embedded" });
        assert.deepEqual(d.spec, {
            cert: fs.readFileSync(node.file("bob.domain.crt")).toString("base64"),
            role: "partner",
            master: "bob",
            authCenter: { authenticationType: "Token", tokenGenMethod: "RSA-GEN" },
            interConnProtocols: ["kuscia"],
        });
    });

    it(
        "add_domain.sh with 0.3's argument order (bob HOST p2p) " + "makes a Domain without role or interConnProtocols",
        async () => {
            // add_domain.sh:28-31: only $2 == p2p sets the role; 0.3's `add_domain.sh bob HOST p2p` puts HOST there.
            await node.mustScript("deploy/add_domain.sh", ["bob", "alice-host", "p2p"]);
            const d = await get(["domain", "bob"]);
            assert.equal(d.spec.role, undefined);
            assert.equal(d.spec.interConnProtocols, undefined);
            assert.equal(d.spec.master, "bob");
        },
    );

    it(
        "add_domain.sh carol p2p without carol.domain.crt: base64 complains, the script goes on (no pipefail) and " +
            "applies a Domain without cert",
        async () => {
            // add_domain.sh:18 `set -e` only; :42 CERT=$(base64 FILE | tr -d "\n") takes tr's status. The API server
            // prunes the null cert.
            const r = await node.script("deploy/add_domain.sh", ["carol", "p2p"]);
            assert.equal(r.code, 0);
            assert.match(r.stderr, /base64: .*var\/certs\/carol\.domain\.crt: No such file or directory/);
            const d = await get(["domain", "carol"]);
            assert.equal(d.spec.cert, undefined);
            assert.equal(d.spec.role, "partner");
        },
    );

    it(
        "join_to_host.sh writes the token ClusterDomainRoute " + "SELF-HOST with the URL's scheme, host, port and path",
        async () => {
            // scripts/deploy/join_to_host.sh:34-63, scripts/templates/cluster_domain_route.token.yaml.
            const cases: [string, { host: string; port: number; isTLS: boolean; pathPrefix: string }][] = [
                ["https://10.0.0.2:11080", { host: "10.0.0.2", port: 11080, isTLS: true, pathPrefix: "/" }],
                ["https://10.0.0.2", { host: "10.0.0.2", port: 443, isTLS: true, pathPrefix: "/" }],
                ["http://10.0.0.2", { host: "10.0.0.2", port: 80, isTLS: false, pathPrefix: "/" }],
                [
                    "http://10.0.0.2:8080/kuscia/alice",
                    { host: "10.0.0.2", port: 8080, isTLS: false, pathPrefix: "/kuscia/alice" },
                ],
                // No scheme: isTLS false whatever the port, as 0.3's `join_to_host.sh a b IP:PORT` calls go.
                ["10.0.0.2:11080", { host: "10.0.0.2", port: 11080, isTLS: false, pathPrefix: "/" }],
                ["10.0.0.2", { host: "10.0.0.2", port: 80, isTLS: false, pathPrefix: "/" }],
            ];
            for (const [url, want] of cases) {
                await node.mustScript("deploy/join_to_host.sh", ["alice", "bob", url]);
                const c = await cdr("alice-bob");
                assert.deepEqual(
                    c.spec.endpoint,
                    {
                        host: want.host,
                        ports: [
                            {
                                name: "http",
                                protocol: "HTTP",
                                pathPrefix: want.pathPrefix,
                                isTLS: want.isTLS,
                                port: want.port,
                            },
                        ],
                    },
                    url,
                );
            }
            const c = await cdr("alice-bob");
            assert.equal(c.spec.source, "alice");
            assert.equal(c.spec.destination, "bob");
            assert.equal(c.spec.interConnProtocol, "kuscia");
            assert.equal(c.spec.authenticationType, "Token");
            assert.deepEqual(c.spec.tokenConfig, { tokenGenMethod: "RSA-GEN", rollingUpdatePeriod: 86400 });
            // `Authorization: Bearer {{.TOKEN}}` with an empty token: YAML drops the trailing space.
            assert.deepEqual(c.spec.requestHeadersToAdd, { Authorization: "Bearer" });
        },
    );

    it("join_to_host.sh ignores -a MTLS/None, -k and -i (which take an argument); -p sets the protocol", async () => {
        // join_to_host.sh getopts 'p:a:t:x:k:i:h' (:114); auth_type, insecure and need_interop are never used.
        await node.mustScript("deploy/join_to_host.sh", [
            "alice",
            "bob",
            "https://10.0.0.3:1",
            "-a",
            "None",
            "-k",
            "x",
            "-i",
            "false",
            "-p",
            "kuscia",
        ]);
        const c = await cdr("alice-bob");
        assert.equal(c.spec.authenticationType, "Token");
        assert.equal(c.spec.endpoint.host, "10.0.0.3");
    });

    it(
        "join_to_host.sh's refusals: -a Token without -t exits 1; an illegal -a prints the usage and exits 0 writing " +
            "nothing; -k without its argument exits 1",
        async () => {
            // join_to_host.sh:118-124 (illegal -a: `usage; exit`), :153-157 (missing -t); getopts' missing argument.
            const before = (await cdr("alice-bob")).metadata.resourceVersion;
            const token = await node.script("deploy/join_to_host.sh", [
                "alice",
                "bob",
                "https://10.0.0.4:1",
                "-a",
                "Token",
            ]);
            assert.equal(token.code, 1);
            assert.match(token.stderr, /missing argument -t \{\{token\}\}/);
            const illegal = await node.script("deploy/join_to_host.sh", [
                "alice",
                "bob",
                "https://10.0.0.4:1",
                "-a",
                "Cert",
            ]);
            assert.equal(illegal.code, 0);
            assert.match(illegal.stderr, /illegal value for -a/);
            assert.match(illegal.stdout, /^join_to_host.sh SELF_DOMAIN_ID HOST_DOMAIN_ID HOST_ENDPOINT \[OPTIONS\]/);
            const k = await node.script("deploy/join_to_host.sh", ["alice", "bob", "https://10.0.0.4:1", "-k"]);
            assert.equal(k.code, 1);
            assert.equal((await cdr("alice-bob")).metadata.resourceVersion, before);
        },
    );

    it("join_to_host.sh with a non-numeric port: the CRD schema refuses the route", async () => {
        // crds/v1alpha1/kuscia.secretflow_clusterdomainroutes.yaml: ports[].port is an integer.
        const r = await node.script("deploy/join_to_host.sh", ["alice", "carol", "https://10.0.0.5:http"]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /spec\.endpoint\.ports\[0\]\.port in body must be of type integer/);
    });

    it(
        "kuscia image load records a docker save archive's tags, normalised; register_app_image.sh -i IMAGE -m applies " +
            "the AppImage",
        async () => {
            // scripts/deploy/register_app_image.sh import_engine_image (kuscia image load, kuscia image list) and
            // register_default_app_image.
            const dir = path.join(root, "archive");
            fs.mkdirSync(dir);
            fs.writeFileSync(
                path.join(dir, "manifest.json"),
                JSON.stringify([{ RepoTags: ["secretflow/secretflow-lite-anolis8:1.11.0b1"] }]),
            );
            await run("tar", ["-cf", path.join(root, "sf.tar"), "-C", dir, "manifest.json"]);
            const load = await run(
                path.join(node.code, "bin", "kuscia"),
                ["image", "load", "-i", path.join(root, "sf.tar")],
                {
                    env: node.env,
                },
            );
            assert.equal(load.code, 0, load.stderr);
            const list = await run(path.join(node.code, "bin", "kuscia"), ["image", "list"], { env: node.env });
            assert.match(list.stdout, /^docker\.io\/secretflow\/secretflow-lite-anolis8\s+1\.11\.0b1\s/m);
            await node.mustScript("deploy/register_app_image.sh", [
                "-i",
                "secretflow/secretflow-lite-anolis8:1.11.0b1",
                "-m",
            ]);
            const app = await get(["appimage", "secretflow-image"]);
            assert.deepEqual(app.spec.image, { name: "docker.io/secretflow/secretflow-lite-anolis8", tag: "1.11.0b1" });
        },
    );

    it(
        "register_app_image.sh -m applies the app's template: both SecretFlow AppImages, psi-image, dataproxy-image; " +
            "none for kuscia",
        async () => {
            // register_app_image.sh register_default_app_image: app type from the repository's last component up to
            // '-', scripts/templates/app_image.{secretflow,psi,dataproxy}.yaml (secretflow: SF_NAME and
            // secretflow-nsjail-image).
            const image = async (name: string) => (await get(["appimage", name])).spec.image;
            await node.mustScript("deploy/register_app_image.sh", [
                "-i",
                "secretflow/secretflow-lite-anolis8:1.11.0b1",
                "-m",
                "-n",
                "my-sf",
            ]);
            for (const name of ["my-sf", "secretflow-nsjail-image"]) {
                assert.deepEqual(
                    await image(name),
                    { name: "docker.io/secretflow/secretflow-lite-anolis8", tag: "1.11.0b1" },
                    name,
                );
            }
            await node.mustScript("deploy/register_app_image.sh", ["-i", "secretflow-lite-anolis8", "-m"]);
            assert.deepEqual(await image("secretflow-image"), {
                name: "docker.io/library/secretflow-lite-anolis8",
                tag: "latest",
            });
            // awk -F ":": the repository ends at the first colon, so a registry port takes the tag's place.
            await node.mustScript("deploy/register_app_image.sh", [
                "-i",
                "registry.test:5000/secretflow/secretflow-lite-anolis8:1.11.0b1",
                "-m",
            ]);
            assert.deepEqual(await image("secretflow-image"), {
                name: "registry.test",
                tag: "5000/secretflow/secretflow-lite-anolis8",
            });
            await node.mustScript("deploy/register_app_image.sh", ["-i", "secretflow/psi-anolis8:0.4.0", "-m"]);
            assert.deepEqual(await image("psi-image"), { name: "docker.io/secretflow/psi-anolis8", tag: "0.4.0" });
            await node.mustScript("deploy/register_app_image.sh", ["-i", "secretflow/dataproxy:0.1.0", "-m"]);
            assert.deepEqual(await image("dataproxy-image"), { name: "docker.io/secretflow/dataproxy", tag: "0.1.0" });
            const kuscia = await node.script("deploy/register_app_image.sh", ["-i", "secretflow/kuscia:1.1.0b0", "-m"]);
            assert.equal(kuscia.code, 1, "no app_image.kuscia.yaml: the template redirection fails under set -e");
            assert.match(kuscia.stderr, /app_image\.kuscia\.yaml: No such file or directory/);
        },
    );
});
