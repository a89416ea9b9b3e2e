// Every step script of both generations' bundles, run on a fake host (fake-host.ts) whose secrets
// (the KusciaAPI token, every private key, the config's domainKeyData, whatever a step gets on stdin
// as files) are marker strings. For each step: no marker on any command line (argv) or in any
// exported environment of any program it runs, on the host or in the container; no marker in stderr,
// which is always shown; no marker in stdout unless the step prints secrets (a secret output) and
// succeeded, since a failed step's stdout and stderr go into its error. Each step runs normally,
// in its other paths, with every call it makes failing in turn (before and after it ran), and, for
// the steps that print secrets, with each file they read missing, which must fail the step.
// Out of reach here: a program called by an absolute path escapes the fake PATH and its log (the
// scripts call none); the image's own scripts and binaries (add_domain.sh, the init scripts,
// `kuscia init`, the node's `docker logs`) are fakes, so what the real ones run or print is not tested.
import { describe, it, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generationSteps } from "../../components/kusciaGenerations";
import { FakeHost, MARK, RunResult, disposeFakeBin, pem, pool, secretPem } from "./fake-host";

type Gen = "0.3" | "1.1";

const SELF = "alice";
const PEER = "bob";
const CTR = "op-kuscia-autonomy-alice";
const NETWORK = "kuscia-exchange";
const HOST_IP = "10.0.0.1";
const PEER_ENDPOINT = "10.0.0.2:8081";
const GATEWAY_HOSTNAME = `${CTR}-host1`;

/** Alice's node on a fresh fake host: its dirs, its running container, the network. */
interface Node {
    gen: Gen;
    host: FakeHost;
    image: string;
    certsDir: string;
    dataDir: string;
    /** 1.1: the container's work dir (data, logs, images, k3s). */
    workDir: string;
    /** The container's /home/kuscia. */
    home: string;
}

/** A 0.3 certs dir as the node uses it; `ip` is what the gateway and KusciaAPI certificates name. */
const identity03 = (ip = HOST_IP): Record<string, string> => ({
    "domain.key": secretPem("PRIVATE KEY", "domain.key", "PUB=alice-pub"),
    "domain.csr": pem("CERTIFICATE REQUEST", "CN=alice", "PUB=alice-pub"),
    "ca.key": secretPem("PRIVATE KEY", "ca.key"),
    "ca.crt": pem("CERTIFICATE", "CA-OF-alice"),
    "external_tls.key": secretPem("PRIVATE KEY", "external_tls.key"),
    "external_tls.crt": pem("CERTIFICATE", "GATEWAY-OF-alice", `SAN=IP Address:${ip}, DNS:localhost`),
    "kusciaapi-server.key": secretPem("PRIVATE KEY", "kusciaapi-server.key"),
    "kusciaapi-server.crt": pem("CERTIFICATE", "API-SERVER", `SAN=IP Address:${ip}, DNS:${CTR}`),
    "kusciaapi-client.key": secretPem("PRIVATE KEY", "kusciaapi-client.key"),
    "kusciaapi-client.crt": pem("CERTIFICATE", "API-CLIENT"),
    token: `${MARK}-token-0.3`,
    // What a join left: the certificate bob issued alice (for alice's key) and bob's CA.
    "domain-2-bob.crt": pem("CERTIFICATE", "ISSUED-BY-bob", "PUB=alice-pub"),
    "bob.host.ca.crt": pem("CERTIFICATE", "CA-OF-bob"),
});

/** A 1.1 container's var/certs: ca.key is the config's domainKeyData. */
const certs11: Record<string, string> = {
    "ca.key": secretPem("RSA PRIVATE KEY", "domainKeyData"),
    "ca.crt": pem("CERTIFICATE", "CA-OF-alice"),
    "domain.crt": pem("CERTIFICATE", "DOMAIN-OF-alice"),
    token: `${MARK}-token-1.1\n`,
};
const config11 = `mode: autonomy\ndomainID: alice\ndomainKeyData: ${MARK}-config-domainKeyData\nlogLevel: INFO\n`;

function makeNode(gen: Gen): Node {
    const host = new FakeHost(gen);
    host.network(NETWORK);
    const certsDir = path.join(host.root, "kuscia-autonomy-alice-certs");
    const image = `registry.test/kuscia:${gen}`;
    if (gen === "0.3") {
        const dataDir = path.join(host.root, "kuscia-autonomy-alice-data");
        writeFiles(certsDir, identity03());
        fs.mkdirSync(dataDir);
        const root = host.container(
            CTR,
            gen,
            { "home/kuscia/etc/certs": certsDir, "home/kuscia/var/storage/data": dataDir },
            { ".gateways": `${CTR}-6f7d9c 10.0.0.1 1m\n` },
        );
        return { gen, host, image, certsDir, dataDir, workDir: "", home: path.join(root, "home/kuscia") };
    }
    const workDir = path.join(host.root, CTR);
    for (const d of ["data", "logs", "images", "k3s"]) {
        fs.mkdirSync(path.join(workDir, d), { recursive: true });
    }
    writeFiles(certsDir, { "kuscia.yaml": config11 });
    const root = host.container(
        CTR,
        gen,
        {
            "home/kuscia/etc/conf/kuscia.yaml": path.join(certsDir, "kuscia.yaml"),
            "home/kuscia/var/storage/data": path.join(workDir, "data"),
            "home/kuscia/var/images": path.join(workDir, "images"),
        },
        {
            ...Object.fromEntries(Object.entries(certs11).map(([f, c]) => [`home/kuscia/var/certs/${f}`, c])),
            ".gateways": `${GATEWAY_HOSTNAME} 10.0.0.1 1m\n`,
        },
    );
    return {
        gen,
        host,
        image,
        certsDir,
        dataDir: path.join(workDir, "data"),
        workDir,
        home: path.join(root, "home/kuscia"),
    };
}

function writeFiles(dir: string, files: Record<string, string>): void {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [f, c] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, f), c, { mode: 0o600 });
    }
}

/** A file a step gets on stdin: [name, mode, content]. Whatever it is, it counts as a secret. */
type StdinFile = [string, string, string];

const stdinFiles = (files: StdinFile[]) =>
    files.map(([n, m, c]) => `${n} ${m} ${Buffer.from(c).toString("base64")}\n`).join("");

interface Variant {
    values?: (n: Node) => Record<string, string>;
    env?: Record<string, string>;
    setup?: (n: Node) => void;
    files?: (n: Node) => StdinFile[];
    /** Whether the step must fail in this variant. */
    fails: boolean;
    /** Calls this variant must make (a call's argv joined by spaces). */
    makes?: RegExp[];
}

interface Case {
    values: (n: Node) => Record<string, string>;
    /** After `--`. */
    args?: (n: Node) => string[];
    /** Files the step installs from stdin. */
    files?: (n: Node) => StdinFile[];
    /** Other stdin (not a secret). */
    stdin?: string;
    setup?: (n: Node) => void;
    /** The step prints secrets: its stdout is a secret output (secretStdout in its TypeScript). */
    secretStdout?: true;
    /**
     * The files it reads what it prints from (in dir `in`): without any of them, the step must fail (before printing a
     * secret).
     */
    reads?: { in: (n: Node) => string; files: string[] };
    /** Calls the normal run must make (a call's argv joined by spaces). */
    makes: RegExp[];
    /** Checks of the normal run's result. */
    check?: (r: RunResult, n: Node) => void;
    variants?: Record<string, Variant>;
}

const pemBlocks = (text: string) => text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----\n?/g) ?? [];
/** How the TypeScript reads a token from a credentials step's stdout. */
const tokenOf = (text: string) => /^TOKEN (\S+)$/m.exec(text)?.[1] ?? "";

const read = (p: string) => fs.readFileSync(p, "utf8");

/** The steps every bundle has (components/scripts). */
const common: Record<string, Case> = {
    "copy-demo-tables": {
        values: n => ({ CONTAINER: CTR, DATA_DIR: n.dataDir }),
        makes: [
            /^docker run --rm --network none --entrypoint cat sha256:fake-image \/home\/kuscia\/var\/storage\/data\/alice\.csv$/,
        ],
        check: (r, n) => assert.equal(read(path.join(n.dataDir, "alice.csv")), "id,age\n1,30\n"),
        variants: {
            "a table there already": {
                setup: n => fs.writeFileSync(path.join(n.dataDir, "bob.csv"), "mine\n"),
                fails: false,
            },
            "the container mounts another data dir": {
                values: n => ({ CONTAINER: CTR, DATA_DIR: n.host.root }),
                fails: true,
            },
        },
    },
    "ensure-network": {
        values: () => ({ NETWORK }),
        makes: [/^docker network inspect kuscia-exchange$/],
        variants: {
            "no network yet": {
                setup: n => fs.rmSync(path.join(n.host.state, "networks", NETWORK)),
                fails: false,
                makes: [/^docker network create kuscia-exchange$/],
            },
        },
    },
    "probe-container": {
        values: () => ({ CONTAINER: CTR, CONFIG_HASH: "0000" }),
        makes: [/^docker inspect -f/],
        check: r => assert.equal(r.stdout, "present\n"),
        variants: { "changed by hand": { values: () => ({ CONTAINER: CTR, CONFIG_HASH: "1111" }), fails: false } },
    },
    "release-network": {
        values: () => ({ NETWORK }),
        makes: [/^docker network rm kuscia-exchange$/],
    },
    "remove-container": {
        values: () => ({ CONTAINER: CTR, VOLUMES: `${CTR}-containerd` }),
        makes: [new RegExp(`^docker rm -f ${CTR}$`), new RegExp(`^docker volume rm ${CTR}-containerd$`)],
    },
    "run-container": {
        values: n => ({ CONTAINER: CTR, IMAGE: n.image, CONFIG_HASH: "1111" }),
        args: n => [
            "--name",
            CTR,
            "--network",
            NETWORK,
            "-v",
            `${n.certsDir}:/home/kuscia/etc/certs`,
            n.image,
            "tini",
            "--",
            "scripts/deploy/start_autonomy.sh",
            SELF,
        ],
        makes: [new RegExp(`^docker run -d --label kuscia.pulumi/config=1111 --name ${CTR} `)],
        variants: {
            "up to date, stopped": {
                values: n => ({ CONTAINER: CTR, IMAGE: n.image, CONFIG_HASH: "0000" }),
                setup: n => fs.writeFileSync(path.join(n.home, "../../.running"), "false\n"),
                fails: false,
                makes: [new RegExp(`^docker start ${CTR}$`)],
            },
            "image not on the host": {
                env: { FAKE_NO_IMAGES: "1" },
                fails: false,
                makes: [/^docker pull -q registry\.test\/kuscia:/],
            },
        },
    },
};

const steps03: Record<string, Case> = {
    "delete-job": {
        values: () => ({ CONTAINER: CTR, JOB_ID: "psi-1" }),
        makes: [new RegExp(`^docker exec ${CTR} kubectl delete kj psi-1 --ignore-not-found$`)],
    },
    "add-domain": {
        values: n => ({ CERTS_DIR: n.certsDir, CONTAINER: CTR, SELF, PEER }),
        files: () => [
            [
                "bob.domain.csr",
                "644",
                secretPem("CERTIFICATE REQUEST", "stdin-bob.domain.csr", "CN=bob", "PUB=bob-pub"),
            ],
        ],
        makes: [
            /^openssl req -in \S+\/home\/kuscia\/etc\/certs\/bob\.domain\.csr -noout -subject/,
            new RegExp(`^scripts/deploy/add_domain\\.sh bob ${CTR} p2p$`),
        ],
        check: (r, n) => assert.match(read(path.join(n.certsDir, "bob.domain.csr")), /stdin-bob\.domain\.csr/),
        variants: {
            "a CSR for another name": {
                files: () => [
                    ["bob.domain.csr", "644", secretPem("CERTIFICATE REQUEST", "stdin-mallory.csr", "CN=mallory")],
                ],
                fails: true,
            },
            "not a CSR": { files: () => [["bob.domain.csr", "644", `${MARK}-stdin-garbage\n`]], fails: true },
        },
    },
    "host-identity": {
        values: n => ({
            IMAGE: n.image,
            CERTS_DIR: n.certsDir,
            DATA_DIR: n.dataDir,
            DOMAIN_ID: SELF,
            HOST_IP,
            CONTAINER: CTR,
        }),
        setup: n => fs.rmSync(n.certsDir, { recursive: true }),
        makes: [
            /^scripts\/deploy\/init_domain_certs\.sh alice$/,
            /^scripts\/deploy\/init_external_tls_cert\.sh alice IP:10\.0\.0\.1$/,
            new RegExp(`^scripts/deploy/init_kusciaapi_cert\\.sh ${CTR} 10\\.0\\.0\\.1$`),
        ],
        check: r =>
            assert.deepEqual(
                pemBlocks(r.stdout).map(b => b.split("\n")[1]),
                ["CN=alice", "CA-OF-alice", "GATEWAY-OF-alice"],
            ),
        variants: {
            "an identity there already": {
                setup: n => writeFiles(n.certsDir, identity03()),
                fails: false,
                makes: [/^openssl verify -CAfile etc\/certs\/ca\.crt etc\/certs\/external_tls\.crt$/],
            },
            "certificates of another address": {
                setup: n => writeFiles(n.certsDir, identity03("10.9.9.9")),
                fails: false,
                makes: [/^scripts\/deploy\/init_kusciaapi_cert\.sh /],
            },
            "image not on the host": { env: { FAKE_NO_IMAGES: "1" }, fails: false, makes: [/^docker pull -q /] },
        },
    },
    "import-demo-data": {
        values: () => ({ CONTAINER: CTR, DOMAIN_ID: SELF }),
        makes: [
            /^scripts\/deploy\/create_domain_datasource\.sh alice$/,
            /^scripts\/deploy\/create_domaindata_bob_table\.sh alice$/,
        ],
    },
    "import-engine-image": {
        values: () => ({ CONTAINER: CTR, APP_IMAGE_REPO: "registry.test:5000/secretflow/sf", APP_IMAGE_TAG: "1.0" }),
        makes: [/^ctr -a=\/home\/kuscia\/containerd\/run\/containerd\.sock -n=k8s\.io images import -$/],
        variants: {
            "the node has it": {
                setup: n =>
                    fs.writeFileSync(path.join(n.home, "../../.images"), "registry.test:5000/secretflow/sf:1.0\n"),
                fails: false,
            },
        },
    },
    "install-identity": {
        values: n => ({ CERTS_DIR: n.certsDir, DATA_DIR: n.dataDir }),
        setup: n => fs.rmSync(n.certsDir, { recursive: true }),
        files: () =>
            Object.keys(identity03()).map((f): StdinFile => [
                f,
                /key|token/.test(f) ? "600" : "644",
                secretPem("STDIN FILE", `stdin-${f}`),
            ]),
        makes: [/^base64 -d$/],
        check: (r, n) => {
            assert.match(read(path.join(n.certsDir, "ca.key")), /stdin-ca\.key/);
            assert.equal(fs.statSync(path.join(n.certsDir, "ca.key")).mode & 0o777, 0o600);
        },
        variants: {
            "a file name with a slash": {
                files: () => [["../x", "600", secretPem("STDIN FILE", "stdin-x")]],
                fails: true,
            },
        },
    },
    "issued-cert": {
        values: n => ({ CERTS_DIR: n.certsDir, PEER }),
        setup: n => fs.writeFileSync(path.join(n.certsDir, "bob.domain.crt"), pem("CERTIFICATE", "ISSUED-TO-bob")),
        makes: [/^cat \S+\/bob\.domain\.crt$/],
        check: r => assert.equal(r.stdout, pem("CERTIFICATE", "ISSUED-TO-bob")),
        variants: {
            "no certificate issued": { setup: n => fs.rmSync(path.join(n.certsDir, "bob.domain.crt")), fails: true },
        },
    },
    join: {
        values: n => ({ CERTS_DIR: n.certsDir, CONTAINER: CTR, SELF, PEER, PEER_ENDPOINT }),
        files: () => [
            ["domain-2-bob.crt", "644", secretPem("CERTIFICATE", "stdin-domain-2-bob.crt")],
            ["bob.host.ca.crt", "644", secretPem("CERTIFICATE", "stdin-bob.host.ca.crt")],
        ],
        makes: [/^scripts\/deploy\/join_to_host\.sh alice bob 10\.0\.0\.2:8081$/],
        variants: {
            "a bad endpoint": {
                values: n => ({ CERTS_DIR: n.certsDir, CONTAINER: CTR, SELF, PEER, PEER_ENDPOINT: "10.0.0.2:8081/x" }),
                fails: true,
            },
        },
    },
    "probe-host": {
        values: n => ({ CERTS_DIR: n.certsDir, DATA_DIR: n.dataDir, NETWORK }),
        makes: [/^docker network inspect kuscia-exchange$/],
        check: r => assert.equal(r.stdout, "present\n"),
    },
    "api-credentials": {
        values: n => ({ IMAGE: n.image, CERTS_DIR: n.certsDir }),
        secretStdout: true,
        reads: { in: n => n.certsDir, files: ["kusciaapi-client.crt", "kusciaapi-client.key", "token"] },
        makes: [
            /^docker run --rm -v \S+:\/home\/kuscia\/etc\/certs:ro (--entrypoint cat )?registry\.test\/kuscia:0\.3 /,
        ],
        check: r => {
            const id = identity03();
            assert.deepEqual(pemBlocks(r.stdout), [id["kusciaapi-client.crt"], id["kusciaapi-client.key"]]);
            assert.equal(tokenOf(r.stdout), id.token);
        },
    },
    "register-app-image": {
        values: () => ({ CONTAINER: CTR, APP_IMAGE_REPO: "registry.test:5000/secretflow/sf", APP_IMAGE_TAG: "1.0" }),
        makes: [/^scripts\/deploy\/create_sf_app_image\.sh registry\.test:5000\/secretflow\/sf 1\.0$/],
    },
    "remove-certs-dir": {
        values: n => ({ CERTS_DIR: n.certsDir }),
        makes: [/^rm -rf -- /],
        check: (r, n) => assert.equal(fs.existsSync(n.certsDir), false),
    },
    revoke: {
        values: n => ({ CERTS_DIR: n.certsDir, CONTAINER: CTR, SELF, PEER }),
        makes: [new RegExp(`^docker exec ${CTR} kubectl delete domain bob --ignore-not-found$`)],
    },
    "run-job": {
        values: () => ({ CONTAINER: CTR, JOB_ID: "psi-1", TIMEOUT_SECONDS: "0" }),
        makes: [/^scripts\/user\/create_example_job\.sh PSI psi-1$/],
        check: r => assert.equal(r.stdout, "Succeeded\n"),
        variants: {
            "the job failed": {
                env: { FAKE_JOB_PHASE: "Failed" },
                fails: true,
                makes: [/kubectl get kt task-1 -o jsonpath=\{\.status\.message\}$/],
            },
        },
    },
    unjoin: {
        values: n => ({ CERTS_DIR: n.certsDir, CONTAINER: CTR, SELF, PEER }),
        makes: [new RegExp(`^docker exec ${CTR} kubectl delete domainroute alice-bob -n alice --ignore-not-found$`)],
    },
    verify: {
        values: () => ({ CONTAINER: CTR, SELF, PEER, PEER_ENDPOINT }),
        makes: [/^curl .* -H Host: kuscia-handshake\.bob\.svc http:\/\/127\.0\.0\.1:80\/handshake$/],
        check: r => assert.match(r.stdout, /verified/),
        variants: {
            "refused at TLS": {
                env: { FAKE_HANDSHAKE_CODE: "503", FAKE_HANDSHAKE_BODY: "upstream connect error: connection reset" },
                fails: true,
                makes: [
                    /^openssl pkey -pubout -in domain\.key$/,
                    /^openssl verify -CAfile bob\.host\.ca\.crt domain-2-bob\.crt$/,
                ],
            },
            "route not installed": {
                env: { FAKE_HANDSHAKE_CODE: "404", FAKE_HANDSHAKE_BODY: "not found" },
                fails: true,
                setup: n => writeFiles(path.join(n.home, "../../.kube"), { "domainroute-alice-bob": "" }),
                makes: [/^openssl x509 -noout -pubkey -in domain-2-bob\.crt$/],
            },
            "not granted": { env: { FAKE_VERIFY_CODE: "401" }, fails: true },
        },
    },
    "wait-ready": {
        values: () => ({ CONTAINER: CTR, DOMAIN_ID: SELF, TIMEOUT_SECONDS: "0" }),
        makes: [/kubectl get gateways -n alice$/],
        variants: {
            "no gateway": {
                setup: n => fs.writeFileSync(path.join(n.home, "../../.gateways"), ""),
                fails: true,
                makes: [/^docker logs --tail 20 /],
            },
        },
    },
};

const job11 = JSON.stringify({
    apiVersion: "kuscia.secretflow/v1alpha1",
    kind: "KusciaJob",
    metadata: { name: "psi-1", namespace: "cross-domain" },
    spec: {},
});
const ctrCerts = (n: Node, f: string) => path.join(n.home, "var/certs", f);

const steps11: Record<string, Case> = {
    "add-domain": {
        values: () => ({ CONTAINER: CTR, SELF, PEER }),
        files: () => [["bob.domain.crt", "644", secretPem("CERTIFICATE", "stdin-bob.domain.crt")]],
        makes: [
            new RegExp(`^docker cp \\S+/bob\\.domain\\.crt ${CTR}:/home/kuscia/var/certs/bob\\.domain\\.crt$`),
            /^scripts\/deploy\/add_domain\.sh bob p2p$/,
        ],
        variants: { "no certificate on stdin": { files: () => [], fails: true } },
    },
    "api-ca-and-token": {
        values: () => ({ CONTAINER: CTR }),
        secretStdout: true,
        reads: { in: n => ctrCerts(n, ""), files: ["ca.crt", "token"] },
        makes: [/^docker exec -i /],
        check: r => {
            assert.deepEqual(pemBlocks(r.stdout), [certs11["ca.crt"]]);
            assert.equal(tokenOf(r.stdout), certs11.token.trim());
        },
    },
    "api-credentials": {
        values: () => ({ CONTAINER: CTR }),
        secretStdout: true,
        reads: { in: n => ctrCerts(n, ""), files: ["ca.crt", "ca.key", "token"] },
        makes: [/^docker exec -i /],
        check: r => {
            assert.deepEqual(pemBlocks(r.stdout), [certs11["ca.crt"], certs11["ca.key"]]);
            assert.equal(tokenOf(r.stdout), certs11.token.trim());
        },
    },
    "delete-job": {
        values: () => ({ CONTAINER: CTR, JOB_ID: "psi-1", NAMESPACE: "cross-domain" }),
        makes: [new RegExp(`^docker exec ${CTR} kubectl delete kj psi-1 -n cross-domain --ignore-not-found$`)],
    },
    "domain-cert": {
        values: () => ({ CONTAINER: CTR }),
        makes: [/^cat var\/certs\/domain\.crt$/],
        check: r => assert.equal(r.stdout, certs11["domain.crt"]),
    },
    "grant-table": {
        values: () => ({ CONTAINER: CTR, SELF, PEER, TABLE: "alice-table", API_SCHEME: "https" }),
        makes: [/^curl .*https:\/\/127\.0\.0\.1:8082\/api\/v1\/domaindatagrant\/create$/],
        // The fake KusciaAPI refuses a request without the node's token: a success proves it was sent.
        check: r => assert.match(r.stderr, /alice granted alice-table to bob/),
        variants: {
            NOTLS: {
                values: () => ({ CONTAINER: CTR, SELF, PEER, TABLE: "alice-table", API_SCHEME: "http" }),
                fails: false,
                makes: [/^curl .*http:\/\/127\.0\.0\.1:8082\//],
            },
            "granted before": {
                env: { FAKE_GRANT_REPLY: '{"status":{"code":11100,"message":"domaindatagrant is exist"}}' },
                fails: false,
            },
            refused: {
                env: { FAKE_GRANT_REPLY: '{"status":{"code":11101,"message":"domaindata not found"}}' },
                fails: true,
            },
            "no token": { setup: n => fs.rmSync(ctrCerts(n, "token")), fails: true },
        },
    },
    "host-config": {
        values: n => ({
            IMAGE: n.image,
            CERTS_DIR: n.certsDir,
            WORK_DIR: n.workDir,
            DOMAIN_ID: SELF,
            API_SANS: HOST_IP,
        }),
        setup: n => fs.rmSync(n.certsDir, { recursive: true }),
        makes: [/^docker run --rm registry\.test\/kuscia:1\.1 kuscia init --mode autonomy --domain alice$/],
        check: (r, n) => {
            assert.match(r.stdout, /^[0-9a-f]{16}\n$/);
            assert.match(read(path.join(n.certsDir, "kuscia.yaml")), /domainKeyData: SECRET-MARKER-kuscia-init/);
        },
        variants: {
            "a config there, protocol changed": {
                values: n => ({
                    IMAGE: n.image,
                    CERTS_DIR: n.certsDir,
                    WORK_DIR: n.workDir,
                    DOMAIN_ID: SELF,
                    API_SANS: HOST_IP,
                    PROTOCOL: "NOTLS",
                }),
                setup: n => writeFiles(n.certsDir, { "kuscia.yaml": config11 }),
                fails: false,
                makes: [/^awk -v p=NOTLS /],
            },
            "kuscia init fails": { env: { FAKE_KUSCIA_INIT_FAIL: "1" }, fails: true },
        },
    },
    "import-demo-data": {
        values: () => ({ CONTAINER: CTR, DOMAIN_ID: SELF }),
        makes: [
            /^scripts\/deploy\/create_domaindata_alice_table\.sh alice$/,
            /^scripts\/deploy\/create_domaindata_bob_table\.sh alice$/,
        ],
    },
    "import-engine-image": {
        values: n => ({ CONTAINER: CTR, WORK_DIR: n.workDir, APP_IMAGE_REPO: "secretflow/sf", APP_IMAGE_TAG: "1.0" }),
        makes: [/^kuscia image load -i \S+\/home\/kuscia\/var\/images\/image_\w+\.tar$/],
        variants: {
            "the node has it": {
                setup: n =>
                    fs.writeFileSync(
                        path.join(n.home, "../../.kuscia-images"),
                        "docker.io/secretflow/sf 1.0 abc 1GB\n",
                    ),
                fails: false,
            },
        },
    },
    "install-config": {
        values: n => ({ CERTS_DIR: n.certsDir, WORK_DIR: n.workDir }),
        setup: n => fs.rmSync(n.certsDir, { recursive: true }),
        files: () => [["kuscia.yaml", "600", `domainID: alice\ndomainKeyData: ${MARK}-stdin-domainKeyData\n`]],
        makes: [/^base64 -d$/],
        check: (r, n) => assert.match(read(path.join(n.certsDir, "kuscia.yaml")), /stdin-domainKeyData/),
    },
    join: {
        values: () => ({ CONTAINER: CTR, SELF, PEER, PEER_ENDPOINT, PEER_SCHEME: "https", PEER_PATH: "" }),
        makes: [/^scripts\/deploy\/join_to_host\.sh alice bob https:\/\/10\.0\.0\.2:8081$/],
        variants: {
            "a bad scheme": {
                values: () => ({ CONTAINER: CTR, SELF, PEER, PEER_ENDPOINT, PEER_SCHEME: "ftp", PEER_PATH: "" }),
                fails: true,
            },
            "behind a proxy's path": {
                values: () => ({
                    CONTAINER: CTR,
                    SELF,
                    PEER,
                    PEER_ENDPOINT,
                    PEER_SCHEME: "http",
                    PEER_PATH: "/kuscia/",
                }),
                fails: false,
                makes: [/^scripts\/deploy\/join_to_host\.sh alice bob http:\/\/10\.0\.0\.2:8081\/kuscia\/$/],
            },
            "a path with shell in it": {
                values: () => ({
                    CONTAINER: CTR,
                    SELF,
                    PEER,
                    PEER_ENDPOINT,
                    PEER_SCHEME: "http",
                    PEER_PATH: "/k$(reboot)/",
                }),
                fails: true,
            },
        },
    },
    "probe-host": {
        values: n => ({ CONFIG: path.join(n.certsDir, "kuscia.yaml"), WORK_DIR: n.workDir, NETWORK }),
        makes: [/^docker network inspect kuscia-exchange$/],
        check: r => assert.equal(r.stdout, "present\n"),
    },
    "register-app-image": {
        values: () => ({ CONTAINER: CTR, APP_IMAGE_REPO: "registry.test:5000/secretflow/sf", APP_IMAGE_TAG: "1.0" }),
        makes: [/^kubectl apply -f -$/],
        check: r => assert.match(r.stderr, /AppImage secretflow-image: registry\.test:5000\/secretflow\/sf:1\.0/),
    },
    "remove-node-files": {
        values: n => ({ IMAGE: n.image, CERTS_DIR: n.certsDir, WORK_DIR: n.workDir }),
        makes: [
            /^docker run --rm -v \S+:\/work --entrypoint rm registry\.test\/kuscia:1\.1 -rf \/work\/logs \/work\/images \/work\/k3s$/,
        ],
        check: (r, n) =>
            assert.deepEqual(
                [fs.existsSync(n.certsDir), fs.existsSync(path.join(n.workDir, "logs")), fs.existsSync(n.dataDir)],
                [false, false, true],
            ),
        variants: { "image gone": { env: { FAKE_NO_IMAGES: "1" }, fails: false } },
    },
    revoke: {
        values: () => ({ CONTAINER: CTR, SELF, PEER }),
        makes: [
            new RegExp(`^docker exec ${CTR} kubectl delete domain bob --ignore-not-found$`),
            /^kubectl get cdr bob-alice$/,
        ],
    },
    "run-job": {
        values: () => ({ CONTAINER: CTR, JOB_ID: "psi-1", NAMESPACE: "cross-domain", TIMEOUT_SECONDS: "0" }),
        // The KusciaJob names parties and tables: no secret.
        stdin: job11,
        makes: [/^kubectl apply -f -$/],
        check: r => assert.equal(r.stdout, "Succeeded\n"),
        variants: {
            "the job failed": {
                env: { FAKE_JOB_PHASE: "Failed" },
                fails: true,
                makes: [/kubectl get kt task-1 -n cross-domain -o jsonpath=\{\.status\.message\}$/],
            },
        },
    },
    unjoin: {
        values: () => ({ CONTAINER: CTR, SELF, PEER }),
        makes: [new RegExp(`^docker exec ${CTR} kubectl delete cdr alice-bob --ignore-not-found$`)],
    },
    verify: {
        values: () => ({ CONTAINER: CTR, SELF, PEER, PEER_ENDPOINT, TIMEOUT_SECONDS: "0" }),
        // The route's status holds its (encrypted) tokens: the fake's are markers too.
        setup: n => writeFiles(path.join(n.home, "../../.kube"), { "cdr-alice-bob": `${MARK}-route-token\n` }),
        makes: [/kubectl get cdr alice-bob -o jsonpath=\{\.status\.tokenStatus\.sourceTokens\[\*\]\}$/],
        check: r => assert.match(r.stdout, /verified/),
        variants: {
            "not ready": { env: { FAKE_CDR_READY: "False", FAKE_CDR_REASON: "DestinationUnreachable" }, fails: true },
            "no route": { setup: n => fs.rmSync(path.join(n.home, "../../.kube/cdr-alice-bob")), fails: true },
        },
    },
    "wait-ready": {
        values: () => ({ CONTAINER: CTR, DOMAIN_ID: SELF, HOSTNAME: GATEWAY_HOSTNAME, TIMEOUT_SECONDS: "0" }),
        makes: [/^curl .*https:\/\/127\.0\.0\.1:8070\/healthZ$/],
        variants: {
            "no gateway": {
                setup: n => fs.writeFileSync(path.join(n.home, "../../.gateways"), ""),
                fails: true,
                makes: [/^docker logs --tail 20 /],
            },
        },
    },
};

const cases: Record<Gen, Record<string, Case>> = { "0.3": { ...common, ...steps03 }, "1.1": { ...common, ...steps11 } };

/** Where `secret` occurs in `text`, with some context, or undefined. */
function excerpt(text: string, secrets: string[]): string | undefined {
    for (const s of secrets) {
        const i = text.indexOf(s);
        if (i >= 0) {
            return JSON.stringify(text.slice(Math.max(0, i - 60), i + s.length + 20));
        }
    }
    return undefined;
}

/** What one run of a step did wrong with secrets. */
function problems(label: string, r: RunResult, c: Case, secrets: string[]): string[] {
    const out: string[] = [];
    for (const call of r.calls) {
        const inArgv = excerpt(call.argv.join("\0"), secrets);
        if (inArgv !== undefined) {
            out.push(`${label}: a secret on the command line of call #${call.index} (${call.argv[0]}): ${inArgv}`);
        }
        const inEnv = excerpt(call.env, secrets);
        if (inEnv !== undefined) {
            out.push(`${label}: a secret in the environment of call #${call.index} (${call.argv[0]}): ${inEnv}`);
        }
    }
    const inStderr = excerpt(r.stderr, secrets);
    if (inStderr !== undefined) {
        out.push(`${label}: a secret in stderr (exit ${r.code}): ${inStderr}`);
    }
    const inStdout = excerpt(r.stdout, secrets);
    if (inStdout !== undefined && !(c.secretStdout && r.code === 0)) {
        out.push(
            `${label}: a secret in the stdout of ${r.code === 0 ? "a step whose output is not secret" : `a failed step (exit ${r.code})`}: ${inStdout}`,
        );
    }
    const unfaked = /.*(FAKE-UNSUPPORTED|command not found).*/.exec(r.stderr);
    if (unfaked !== null) {
        out.push(`${label}: the fake host cannot run this: ${unfaked[0]}`);
    }
    return out;
}

const argvLine = (argv: string[]) => argv.join(" ");

interface RunOptions {
    values?: (n: Node) => Record<string, string>;
    env?: Record<string, string>;
    setup?: (n: Node) => void;
    files?: (n: Node) => StdinFile[];
    /** A file to remove before the run. */
    remove?: (n: Node) => string;
}

/** Runs `step` of `gen`'s bundle per case `c` in all the ways it can run; returns every problem. */
async function examine(gen: Gen, bundle: string, step: string, version: string, c: Case): Promise<string[]> {
    const found: string[] = [];
    const runOnce = async (
        label: string,
        o: RunOptions,
        judge: (r: RunResult, n: Node) => void,
    ): Promise<RunResult> => {
        const node = makeNode(gen);
        try {
            c.setup?.(node);
            o.setup?.(node);
            if (o.remove !== undefined) {
                fs.rmSync(o.remove(node));
            }
            const files = (o.files ?? c.files)?.(node);
            const secrets = [MARK, ...(files ?? []).map(([, , content]) => Buffer.from(content).toString("base64"))];
            const stdin = files !== undefined ? stdinFiles(files) : (c.stdin ?? "");
            const r = await node.host.run(
                bundle,
                step,
                version,
                (o.values ?? c.values)(node),
                c.args?.(node) ?? [],
                stdin,
                o.env ?? {},
            );
            found.push(...problems(label, r, c, secrets));
            try {
                judge(r, node);
            } catch (e) {
                found.push(
                    `${label}: ${(e as Error).message.split("\n")[0]} (exit ${r.code}; stderr: ${JSON.stringify(r.stderr.slice(-400))})`,
                );
            }
            return r;
        } finally {
            node.host.dispose();
        }
    };
    const makesAll = (r: RunResult, makes: RegExp[]) => {
        const lines = r.calls.map(x => argvLine(x.argv));
        for (const m of makes) {
            assert.ok(
                lines.some(l => m.test(l)),
                `no call matches ${m}; calls:\n${lines.map(l => l.slice(0, 160)).join("\n")}`,
            );
        }
    };

    const normal = await runOnce("normal run", {}, (r, n) => {
        assert.equal(r.code, 0, "the step failed");
        makesAll(r, c.makes);
        c.check?.(r, n);
    });

    const runs: (() => Promise<unknown>)[] = [];
    for (const [name, v] of Object.entries(c.variants ?? {})) {
        runs.push(() =>
            runOnce(name, v, r => {
                assert.equal(r.code !== 0, v.fails, v.fails ? "the step succeeded" : "the step failed");
                makesAll(r, v.makes ?? []);
            }),
        );
    }
    for (const f of c.reads?.files ?? []) {
        runs.push(() =>
            runOnce(`without ${f}`, { remove: n => path.join(c.reads!.in(n), f) }, r =>
                assert.notEqual(r.code, 0, `the step succeeded without ${f}: a read that fails must fail the step`),
            ),
        );
    }
    // Every call of the normal run fails in turn: the step may fail or carry on, never with a secret in its output.
    for (let i = 1; i <= normal.calls.length; i++) {
        for (const mode of ["before", "after"]) {
            const what = normal.calls[i - 1]?.argv[0];
            runs.push(() =>
                runOnce(
                    `call #${i} (${what}) failing ${mode} it ran`,
                    { env: { FAKE_FAIL_AT: String(i), FAKE_FAIL_MODE: mode } },
                    r => assert.ok(r.calls.length >= i, `the injected failure at call #${i} did not happen`),
                ),
            );
        }
    }
    await pool(runs, 4);
    return found;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-step-secrets-"));
after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    disposeFakeBin();
});

for (const gen of ["0.3", "1.1"] as Gen[]) {
    describe(`Kuscia ${gen} steps keep secrets off command lines and out of failed steps' output`, () => {
        const bundle = generationSteps(gen);
        const file = path.join(tmp, `steps-${gen}.sh`);
        fs.writeFileSync(file, bundle.text);
        const table = cases[gen];

        it("has a case for every step of the bundle, and none for a step it lacks", () => {
            assert.deepEqual(
                Object.keys(bundle.versions).filter(s => table[s] === undefined),
                [],
                "steps without a case",
            );
            assert.deepEqual(
                Object.keys(table).filter(s => bundle.versions[s] === undefined),
                [],
                "cases of no step",
            );
        });

        for (const [step, version] of Object.entries(bundle.versions)) {
            it(step, async () => {
                const c = table[step];
                assert.ok(c !== undefined, `no case for step ${step}`);
                const found = await examine(gen, file, step, version, c);
                assert.deepEqual(found, []);
            });
        }
    });
}
