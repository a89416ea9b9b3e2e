import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import {
    named,
    plain,
    resolve,
    settle,
    pem,
    registrations,
    isSecretValue,
    stdinFiles,
    stepLine,
    childrenOf,
    testHostKey,
    hostIdentityStdout,
} from "./harness";
import * as kuscia from "../../components";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generationSteps } from "../../components/kusciaGenerations";
import { kusciaHostname } from "../../components/v11/hostname";
import { handshakeProblems, partnerProblems } from "../../components/partnerHandshake";
import { domainCert, nodeV03 } from "../support/pki";

const connection = (host: string, user = "op") => ({ host, user, privateKey: "k", hostKey: testHostKey });
const nodeV11 = (name: string, host: string, port: number, more: Partial<kuscia.KusciaAutonomyNodeArgs> = {}) =>
    new kuscia.KusciaAutonomyNode(name, {
        domainId: name,
        generation: "1.1",
        connection: connection(host),
        gatewayPort: port,
        privileged: false,
        ...more,
    });

describe("Kuscia 1.1: the container's hostname, as kuscia.sh's generate_hostname", () => {
    const cases: [string, string, string][] = [
        ["op-kuscia-autonomy-alice", "host1", "op-kuscia-autonomy-alice-host1"],
        ["op-kuscia-autonomy-alice", "Build_Box.lab", "op-kuscia-autonomy-alice-build-box-lab"],
        ["op-kuscia-autonomy-alice", "x".repeat(60), `op-kuscia-autonomy-alice-${"x".repeat(38)}`],
        // Cut to 63 first, so a cut can end on a separator, which is then dropped.
        ["a".repeat(62), "bc", "a".repeat(62)],
        ["_ctr", "h.", "ctr-h"],
    ];
    for (const [ctr, host, expected] of cases) {
        it(`${ctr} on ${host}`, () => assert.equal(kusciaHostname(ctr, host), expected));
    }
});

describe("KusciaAutonomyNode, Kuscia 1.1, identity stack, cli driver", () => {
    let node: kuscia.KusciaAutonomyNode;
    before(async () => {
        node = nodeV11("carol", "10.213.0.13", 11080, { containerDriver: "cli", apiHttpPort: 11081 });
        await resolve(node.api);
        await settle();
    });

    it("creates the 1.1 children: one key in state, no CSR or CA", () => {
        assert.deepEqual(
            childrenOf("carol-")
                .map(r => `${r.type} ${r.name}`)
                .sort(),
            [
                "command:remote:Command carol-api-credentials",
                "command:remote:Command carol-app-image",
                "command:remote:Command carol-container",
                "command:remote:Command carol-domain-cert",
                "command:remote:Command carol-identity",
                "command:remote:Command carol-network",
                "command:remote:Command carol-ready",
                "command:remote:Command carol-steps-removal",
                "command:remote:CopyToRemote carol-steps",
                "pulumi-nodejs:dynamic:Resource carol-container-probe",
                "pulumi-nodejs:dynamic:Resource carol-host-probe",
                "tls:index/privateKey:PrivateKey carol-domain-key",
            ],
        );
        assert.equal(named("carol-steps").inputs.remotePath, "/home/op/kuscia-autonomy-carol-steps.sh");
    });

    it("writes kuscia.yaml as kuscia init does, the key as base64 of its PKCS#1 PEM, on stdin only, secret", () => {
        const step = named("carol-identity");
        const { steps, values } = stepLine(step.inputs.create);
        assert.deepEqual(steps, ["install-config"]);
        assert.deepEqual(values, {
            CERTS_DIR: "/home/op/kuscia-autonomy-carol-certs",
            WORK_DIR: "/home/op/op-kuscia-autonomy-carol",
        });
        assert.ok(isSecretValue(step.inputs.stdin), "the config travels as a secret");
        const [file] = stdinFiles(step.inputs.stdin);
        assert.equal(file.name, "kuscia.yaml");
        assert.equal(file.mode, "600");
        const keyData = Buffer.from(pem("RSA PRIVATE KEY", "key-of-carol-domain-key")).toString("base64");
        assert.equal(
            file.text,
            `mode: autonomy\ndomainID: carol\ndomainKeyData: ${keyData}\nlogLevel: INFO\nruntime: runc\ndatastoreEndpoint: ""\n` +
                "kusciaAPISans:\n- 10.213.0.13\n",
            "kusciaAPISans: hostIp, so that the api endpoint verifies from outside the host",
        );
        assert.ok(!plain(step.inputs.create).includes("PRIVATE"), "no key on the command line");
        assert.deepEqual(stepLine(step.inputs.delete).steps, ["remove-node-files"]);
    });

    it("runs the container as kuscia.sh start does: name, hostname rule, five ports, config and work-dir mounts, bin/kuscia start", () => {
        const { values, args } = stepLine(named("carol-container").inputs.create);
        assert.equal(values.CONTAINER, "op-kuscia-autonomy-carol");
        assert.equal(values.IMAGE, "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:1.1.0b0");
        const labels = args!.filter((a, i) => args![i - 1] === "--label");
        assert.deepEqual(
            args!.filter(a => a !== "--label" && !labels.includes(a)),
            [
                "--name",
                "op-kuscia-autonomy-carol",
                "--hostname",
                "op-kuscia-autonomy-carol-host-of-carol-network",
                "--restart",
                "always",
                "--memory",
                "6GiB",
                "--network",
                "kuscia-exchange",
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
                "op-kuscia-autonomy-carol-containerd:/home/kuscia/containerd",
                "-v",
                "/home/op/kuscia-autonomy-carol-certs/kuscia.yaml:/home/kuscia/etc/conf/kuscia.yaml",
                "-v",
                "/home/op/op-kuscia-autonomy-carol/data:/home/kuscia/var/storage/data",
                "-v",
                "/home/op/op-kuscia-autonomy-carol/logs:/home/kuscia/var/stdout",
                "-v",
                "/home/op/op-kuscia-autonomy-carol/images:/home/kuscia/var/images",
                "-v",
                "/home/op/op-kuscia-autonomy-carol/k3s:/home/kuscia/var/k3s/server/db",
                "--entrypoint",
                "tini",
                "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:1.1.0b0",
                "--",
                "bin/kuscia",
                "start",
                "-c",
                "etc/conf/kuscia.yaml",
            ],
        );
        assert.ok(!args!.includes("-e"), "kuscia.sh passes no environment");
    });

    it("waits for readiness as kuscia.sh probes it, then reads domain.crt and the API credentials from the node", () => {
        const ready = named("carol-ready");
        assert.deepEqual(stepLine(ready.inputs.create).values, {
            CONTAINER: "op-kuscia-autonomy-carol",
            DOMAIN_ID: "carol",
            HOSTNAME: "op-kuscia-autonomy-carol-host-of-carol-network",
            TIMEOUT_SECONDS: "180",
        });
        for (const step of ["carol-domain-cert", "carol-api-credentials"]) {
            assert.ok(named(step).dependencies.includes(ready.urn), `${step} after ready`);
            assert.deepEqual(named(step).inputs.triggers, ["carol-ready-id"], `${step} again for a new container`);
        }
        assert.ok(
            named("carol-api-credentials").additionalSecretOutputs.includes("stdout"),
            "the credentials are a secret output",
        );
        assert.equal(named("carol-api-credentials").inputs.logging, "stderr", "and never shown while the step runs");
    });

    it("publishes domain.crt, and the API access with the node's CA as client certificate, secret", async () => {
        const handshake = (await resolve(node.handshake)).value as kuscia.PeerHandshakeV11;
        assert.equal(handshake.domainCertPem, pem("CERTIFICATE", "domain-crt-carol-domain-cert"));
        const api = await resolve(node.api);
        assert.equal(api.secret, true);
        assert.deepEqual(api.value, {
            endpoint: "https://10.213.0.13:11081",
            caCertPem: pem("CERTIFICATE", "api-client-carol-api-credentials"),
            clientCertPem: pem("CERTIFICATE", "api-client-carol-api-credentials"),
            clientKeyPem: pem("RSA PRIVATE KEY", "api-key-carol-api-credentials"),
            token: "tok-123",
        });
        assert.deepEqual(
            Object.keys(handshake),
            ["generation", "domainId", "endpoint", "gatewayScheme", "domainCertPem"],
            "a 1.1 node publishes its domain.crt, no CSR",
        );
    });

    it("loads kuscia.sh's default SecretFlow image after ready and registers the AppImage, as kuscia.sh's -a secretflow does", () => {
        const step = named("carol-app-image");
        assert.ok(step.dependencies.includes(named("carol-ready").urn));
        assert.deepEqual(stepLine(step.inputs.create).steps, ["import-engine-image", "register-app-image"]);
        assert.deepEqual(stepLine(step.inputs.create).values, {
            CONTAINER: "op-kuscia-autonomy-carol",
            WORK_DIR: "/home/op/op-kuscia-autonomy-carol",
            APP_IMAGE_REPO: "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8",
            APP_IMAGE_TAG: "1.11.0b1",
        });
    });

    it("with loadSecretflowImage false, as kuscia.sh's -a none, only registers the AppImage", async () => {
        nodeV11("cal", "10.213.0.19", 11080, { loadSecretflowImage: false });
        await settle();
        assert.deepEqual(stepLine(named("cal-app-image").inputs.create).steps, ["register-app-image"]);
    });
});

describe("KusciaAutonomyNode, Kuscia 1.1, protocol NOTLS, a SecretFlow image given", () => {
    let node: kuscia.KusciaAutonomyNode;
    before(async () => {
        node = nodeV11("nia", "10.213.0.24", 11080, {
            protocol: "NOTLS",
            apiHttpPort: 11081,
            secretflowImage: "registry.test:5000/secretflow/secretflow-lite-anolis8:1.11.0b1",
        });
        nodeV11("noa", "10.213.0.25", 11080, { protocol: "NOTLS", identity: "host" });
        await resolve(node.api);
        await settle();
    });

    it("writes protocol: NOTLS after logLevel, as kuscia init -p NOTLS does; on the host, init gets it", () => {
        const [file] = stdinFiles(named("nia-identity").inputs.stdin);
        assert.match(file.text, /\nlogLevel: INFO\nprotocol: NOTLS\nruntime: runc\n/);
        assert.equal(stepLine(named("noa-identity").inputs.create).values.PROTOCOL, "NOTLS");
    });

    it("publishes its gateway's scheme http, and its KusciaAPI as plain http without credentials", async () => {
        assert.equal(
            registrations.filter(r => r.name === "nia-api-credentials").length,
            0,
            "no token or client certificate to read",
        );
        assert.deepEqual((await resolve(node.api)).value, {
            endpoint: "http://10.213.0.24:11081",
            caCertPem: "",
            clientCertPem: "",
            clientKeyPem: "",
            token: "",
        });
        const auth = new kuscia.MutualAuthorization("nia-bob", {
            local: node,
            partnerDomainId: "bob",
            peer: undefined,
        });
        assert.equal(((await resolve(auth.handshake)).value as kuscia.PeerHandshakeV11).gatewayScheme, "http");
    });

    it("on the host, a config made without a protocol gets it in place, its key kept, and loses it again", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-unit-host-config-"));
        try {
            const config = path.join(root, "kuscia-autonomy-ola-certs", "kuscia.yaml");
            fs.mkdirSync(path.dirname(config));
            const made =
                'mode: autonomy\ndomainID: ola\ndomainKeyData: S0VZ\nlogLevel: INFO\nruntime: runc\ndatastoreEndpoint: ""\n\n';
            fs.writeFileSync(config, made);
            const hostConfig = async (protocol?: kuscia.KusciaProtocol) => {
                nodeV11(`ola${protocol ?? ""}`, "10.213.0.27", 11080, {
                    domainId: "ola",
                    identity: "host",
                    rootDir: root,
                    protocol,
                });
                await settle();
                const create = plain(named(`ola${protocol ?? ""}-identity`).inputs.create).replace(
                    /^bash \S+ /,
                    `bash ${generationSteps("1.1").file} `,
                );
                // The config exists, so the step never runs kuscia init (docker).
                const r = spawnSync("bash", ["-c", create], { encoding: "utf8" });
                assert.equal(r.status, 0, r.stderr);
                return r.stdout.trim();
            };
            const sans = "kusciaAPISans:\n- 10.213.0.27\n";
            const before = await hostConfig();
            assert.equal(
                fs.readFileSync(config, "utf8"),
                made + sans,
                "no protocol: the config is kept as made, kusciaAPISans added",
            );
            const notls = await hostConfig("NOTLS");
            assert.equal(
                fs.readFileSync(config, "utf8"),
                made.replace("logLevel: INFO\n", "logLevel: INFO\nprotocol: NOTLS\n") + sans,
            );
            assert.notEqual(notls, before, "the hash changes, so the container restarts");
            assert.equal((fs.statSync(config).mode & 0o777).toString(8), "600");
            assert.equal(await hostConfig(), before);
            assert.equal(fs.readFileSync(config, "utf8"), made + sans, "a second run changes nothing");
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it("loads the given SecretFlow image into the node, then registers it", () => {
        const { steps, values } = stepLine(named("nia-app-image").inputs.create);
        assert.deepEqual(steps, ["import-engine-image", "register-app-image"]);
        assert.deepEqual(
            [values.APP_IMAGE_REPO, values.APP_IMAGE_TAG],
            ["registry.test:5000/secretflow/secretflow-lite-anolis8", "1.11.0b1"],
        );
    });

    it("a partner joins it over http", async () => {
        const auth = new kuscia.MutualAuthorization("np", { nodes: [nodeV11("pia", "10.213.0.26", 11080), node] });
        await resolve(auth.message);
        await settle();
        assert.equal(stepLine(named("np-pia-adds-and-joins-nia").inputs.create).values.PEER_SCHEME, "http");
        assert.equal(stepLine(named("np-nia-adds-joins-and-verifies-pia").inputs.create).values.PEER_SCHEME, "https");
    });
});

describe("KusciaAutonomyNode, Kuscia 1.1, identity host, docker driver", () => {
    let dan: kuscia.KusciaAutonomyNode;
    before(async () => {
        dan = nodeV11("dan", "10.213.0.14", 12080, {
            identity: "host",
            memory: "1G",
            internalPort: 12081,
            metricsPort: 12084,
            demoData: true,
        });
        await resolve(dan.api);
        await settle();
    });

    it("makes the config on the host with kuscia init, its hash the restart label; no key in state", () => {
        const step = named("dan-identity");
        assert.deepEqual(stepLine(step.inputs.create), {
            bundle: "/home/op/kuscia-autonomy-dan-steps.sh",
            steps: ["host-config"],
            values: {
                IMAGE: "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:1.1.0b0",
                CERTS_DIR: "/home/op/kuscia-autonomy-dan-certs",
                WORK_DIR: "/home/op/op-kuscia-autonomy-dan",
                DOMAIN_ID: "dan",
                API_SANS: "10.213.0.14",
            },
        });
        assert.equal(step.inputs.stdin, undefined);
        assert.equal(registrations.filter(r => r.name.startsWith("dan-") && r.type.startsWith("tls:")).length, 0);
    });

    it("reads back ca.crt and the token, not ca.key: that is the node's own key, which stays on the host", async () => {
        assert.deepEqual(stepLine(named("dan-api-credentials").inputs.create).steps, ["api-ca-and-token"]);
        const api = (await resolve(dan.api)).value;
        assert.deepEqual([api.clientCertPem, api.clientKeyPem, api.token], ["", "", "tok-123"]);
        assert.equal(api.caCertPem, pem("CERTIFICATE", "api-client-dan-api-credentials"));
    });

    it("registers the image's demo tables as the guide does, after the node is ready", () => {
        const d = named("dan-demo-data");
        assert.ok(d.dependencies.includes(named("dan-ready").urn));
        assert.deepEqual(stepLine(d.inputs.create).steps, ["copy-demo-tables", "import-demo-data"]);
        assert.deepEqual(stepLine(d.inputs.create).values, {
            CONTAINER: "op-kuscia-autonomy-dan",
            DOMAIN_ID: "dan",
            DATA_DIR: "/home/op/op-kuscia-autonomy-dan/data",
        });
    });

    it("gives the docker provider the same container", () => {
        const c = named("dan-container");
        assert.equal(c.inputs.hostname, "op-kuscia-autonomy-dan-host-of-dan-network");
        assert.deepEqual(c.inputs.entrypoints, ["tini", "--"]);
        assert.deepEqual(c.inputs.command, ["bin/kuscia", "start", "-c", "etc/conf/kuscia.yaml"]);
        assert.deepEqual(
            c.inputs.ports.map((p: any) => `${p.external}:${p.internal}`),
            ["12081:80", "12080:1080", "13082:8082", "13083:8083", "12084:9091"],
        );
        assert.deepEqual(
            c.inputs.volumes.map((v: any) => v.containerPath),
            [
                "/home/kuscia/containerd",
                "/home/kuscia/etc/conf/kuscia.yaml",
                "/home/kuscia/var/storage/data",
                "/home/kuscia/var/stdout",
                "/home/kuscia/var/images",
                "/home/kuscia/var/k3s/server/db",
            ],
        );
        assert.equal(c.inputs.memory, 1024);
        // host-config prints a hash of the config: the label changes only when the config does.
        assert.deepEqual(
            c.inputs.labels.find((l: any) => l.label === "kuscia.pulumi/identity"),
            { label: "kuscia.pulumi/identity", value: hostIdentityStdout("dan-identity").trim() },
        );
    });
});

describe("Kuscia 1.1 arguments refused before any host is touched", () => {
    const base = { domainId: "x", connection: connection("10.213.0.15"), gatewayPort: 8081 };
    const refused = (f: () => unknown, message: RegExp) =>
        assert.throws(f, (e: any) => e instanceof kuscia.KusciaValidationError && message.test(e.message));

    it("the 1.1 ports on a 0.3 node", () =>
        refused(
            () => new kuscia.KusciaAutonomyNode("r1", { ...base, metricsPort: 9000 }),
            /r1.metricsPort is for Kuscia 1.1 nodes; a Kuscia 0.3 node publishes no such port/,
        ));
    it("a 1.1 port clashing with another of the node's", () =>
        refused(
            () => new kuscia.KusciaAutonomyNode("r2", { ...base, generation: "1.1", internalPort: 8081 }),
            /r2.gatewayPort and r2.internalPort are both port 8081/,
        ));
    it("a protocol on a 0.3 node, or one Kuscia does not spell so", () => {
        refused(
            () => new kuscia.KusciaAutonomyNode("r4", { ...base, protocol: "NOTLS" }),
            /r4.protocol is for Kuscia 1.1 nodes; a Kuscia 0.3 node has no protocol setting/,
        );
        refused(
            () =>
                new kuscia.KusciaAutonomyNode("r12", {
                    ...base,
                    generation: "1.1",
                    protocol: "notls" as kuscia.KusciaProtocol,
                }),
            /r12.protocol must be one of NOTLS, TLS, MTLS \(as Kuscia spells them\) or left out, got "notls"/,
        );
    });
    it("a 1.1 job without its partner, or on nodes without demo data", () => {
        const n = nodeV11("r5", "10.213.0.15", 8085);
        const m = nodeV11("r9", "10.213.0.19", 8089, { demoData: true });
        refused(
            () => new kuscia.ExamplePsiJob("r5-job", { node: n, jobId: "psi" }),
            /r5-job.partner is required for a Kuscia 1.1 job/,
        );
        refused(
            () => new kuscia.ExamplePsiJob("r59-job", { node: m, partner: n, jobId: "psi" }),
            /r59-job: the job reads the demo tables; give node 'r5' demoData: true/,
        );
    });
    it("a partner for the 0.3 example job, whose parties are alice and bob", () => {
        const a = new kuscia.KusciaAutonomyNode("r10", { ...base, domainId: "r10", gatewayPort: 8090 });
        const b = new kuscia.KusciaAutonomyNode("r11", { ...base, domainId: "r11", gatewayPort: 8091 });
        refused(
            () => new kuscia.ExamplePsiJob("r10-job", { node: a, partner: b, jobId: "psi" }),
            /r10-job.partner: the Kuscia 0.3 example job's parties are create_example_job.sh's alice and bob; give no partner/,
        );
    });
    it("two nodes of different generations", () => {
        const old = new kuscia.KusciaAutonomyNode("r6", { ...base, domainId: "r6", gatewayPort: 8086 });
        const neu = nodeV11("r7", "10.213.0.16", 8087);
        refused(
            () => new kuscia.MutualAuthorization("r67", { nodes: [old, neu] }),
            /'r6' runs Kuscia 0.3 and 'r7' Kuscia 1.1; both partners must run the same generation/,
        );
    });
    it("a 0.3 partner's handshake for a 1.1 node", () => {
        const neu = nodeV11("r8", "10.213.0.17", 8088);
        const h03: kuscia.PeerHandshakeV03 = {
            domainId: "bob",
            endpoint: "10.0.0.2:1080",
            csrPem: nodeV03("bob").csrPem,
            caCertPem: nodeV03("bob").caCertPem,
        };
        refused(
            () => new kuscia.MutualAuthorization("r8-bob", { local: neu, partnerDomainId: "bob", peer: h03 }),
            /r8-bob.peer is from a Kuscia 0.3 node, but 'r8' is a Kuscia 1.1 node: both partners must run the same generation/,
        );
    });
    it("a 1.1 cluster with a 0.3 node", () =>
        refused(
            () =>
                new kuscia.KusciaCluster("mix", {
                    nodes: [
                        { ...base, domainId: "m1", generation: "1.1" },
                        { ...base, domainId: "m2", connection: connection("10.213.0.18") },
                    ],
                }),
            /mix.nodes run Kuscia 1.1 and 0.3: every pair must run the same generation/,
        ));
});

describe("a Kuscia 1.1 node behind a 7-layer proxy with a path", () => {
    it("publishes the proxy's endpoint, scheme and path; its partners join that URL; KusciaAPI's certificate names both addresses", async () => {
        const pat = nodeV11("pat", "10.213.0.71", 11080, { publicEndpoint: "http://gw.pat.example/kuscia/" });
        const auth = new kuscia.MutualAuthorization("pq", { nodes: [pat, nodeV11("quin", "10.213.0.72", 11080)] });
        const hs = (await resolve(auth.handshakes)).value as Record<string, kuscia.PeerHandshakeV11>;
        assert.deepEqual(
            [hs.pat.endpoint, hs.pat.gatewayScheme, hs.pat.gatewayPath],
            ["gw.pat.example:80", "http", "/kuscia/"],
        );
        assert.equal(hs.quin.gatewayPath, undefined);
        assert.equal((await resolve(pat.endpoint)).value, "gw.pat.example:80");
        await settle();
        const join = stepLine(named("pq-quin-adds-joins-and-verifies-pat").inputs.create).values;
        assert.deepEqual(
            [join.PEER_ENDPOINT, join.PEER_SCHEME, join.PEER_PATH],
            ["gw.pat.example:80", "http", "/kuscia/"],
        );
        const [config] = stdinFiles(named("pat-identity").inputs.stdin);
        assert.match(config.text, /\nkusciaAPISans:\n- 10\.213\.0\.71\n- gw\.pat\.example\n$/);
    });

    it("a partner's handshake with a path its join would misread is refused", () => {
        const h: kuscia.PeerHandshakeV11 = {
            generation: "1.1",
            domainId: "bob",
            endpoint: "10.213.0.12:11080",
            domainCertPem: domainCert("bob"),
            gatewayPath: "/a@b/",
        };
        assert.deepEqual(handshakeProblems("h", h), [
            "h.gatewayPath must be a path like /kuscia/: segments of letters, digits, '.', '_', '~' and '-', no '.' or '..' segment",
        ]);
    });
});

describe("Kuscia 1.1 handshakes", () => {
    const h: kuscia.PeerHandshakeV11 = {
        generation: "1.1",
        domainId: "bob",
        endpoint: "10.213.0.12:11080",
        domainCertPem: domainCert("bob"),
    };
    const cases: [string, Record<string, unknown>, string[]][] = [
        ["a well-formed one", {}, []],
        ["one that authorizes its partner", { authorizes: "alice" }, []],
        [
            "a CSR instead of a certificate",
            { domainCertPem: pem("CERTIFICATE REQUEST", "c") },
            ["h.domainCertPem must be one PEM block of CERTIFICATE"],
        ],
        [
            "0.3 fields",
            { csrPem: pem("CERTIFICATE REQUEST", "c") },
            ["h.csrPem is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only"],
        ],
        ["a NOTLS node's", { gatewayScheme: "http" }, []],
        [
            "a scheme join_to_host.sh does not take",
            { gatewayScheme: "ftp" },
            ['h.gatewayScheme must be https or http (a NOTLS node\'s), got "ftp"'],
        ],
        ["shell in authorizes", { authorizes: "$(reboot)" }, ["h.authorizes must be a domain id"]],
        [
            "a private key",
            { domainCertPem: pem("RSA PRIVATE KEY", "k") },
            [
                "h.domainCertPem must be one PEM block of CERTIFICATE",
                "h contains a private key: a handshake must hold public material only",
            ],
        ],
    ];
    for (const [title, over, expected] of cases) {
        it(title, () => assert.deepEqual(handshakeProblems("h", { ...h, ...over }), expected));
    }
    it("one that authorizes another partner is not for us", () =>
        assert.deepEqual(
            partnerProblems(
                "h",
                { ...h, authorizes: "carol" },
                { localDomainId: "alice", partnerDomainId: "bob" },
                "1.1",
            ),
            ["h.authorizes 'carol', not 'alice': it is another partner's handshake"],
        ));
});

describe("MutualAuthorization of two Kuscia 1.1 nodes in one program", () => {
    let auth: kuscia.MutualAuthorization;
    before(async () => {
        auth = new kuscia.MutualAuthorization("ae", {
            nodes: [nodeV11("amy", "10.213.0.21", 11080), nodeV11("eve", "10.213.0.22", 11090)],
        });
        await resolve(auth.message);
        await settle();
    });

    it("runs the pair in three steps: amy adds and joins eve; eve adds, joins and verifies; amy verifies", () => {
        assert.deepEqual(
            registrations
                .filter(r => r.name.startsWith("ae-"))
                .map(r => r.name)
                .sort(),
            ["ae-amy-adds-and-joins-eve", "ae-amy-verifies-eve", "ae-eve-adds-joins-and-verifies-amy"],
        );
        const first = named("ae-amy-adds-and-joins-eve");
        assert.deepEqual(stepLine(first.inputs.create), {
            bundle: "/home/op/kuscia-autonomy-amy-steps.sh",
            steps: ["add-domain", "join"],
            values: {
                SELF: "amy",
                PEER: "eve",
                PEER_ENDPOINT: "10.213.0.22:11090",
                PEER_SCHEME: "https",
                PEER_PATH: "",
                CONTAINER: "op-kuscia-autonomy-amy",
            },
        });
        assert.deepEqual(stepLine(first.inputs.delete).steps, ["unjoin", "revoke"]);
        assert.deepEqual(stdinFiles(first.inputs.stdin), [
            { name: "eve.domain.crt", mode: "644", text: pem("CERTIFICATE", "domain-crt-eve-domain-cert") },
        ]);
        const second = named("ae-eve-adds-joins-and-verifies-amy");
        assert.deepEqual(stepLine(second.inputs.create).steps, ["add-domain", "join", "verify"]);
        assert.equal(
            stepLine(second.inputs.create).values.TIMEOUT_SECONDS,
            "300",
            "long enough for the gateway's own retries",
        );
        assert.ok(second.dependencies.includes(first.urn), "eve's route can be Ready only once amy added eve");
        const third = named("ae-amy-verifies-eve");
        assert.deepEqual(stepLine(third.inputs.create).steps, ["verify"]);
        assert.equal(third.inputs.delete, undefined);
        assert.ok(third.dependencies.includes(second.urn));
    });

    it("publishes each node's domain.crt, saying whom it authorizes", async () => {
        const hs = (await resolve(auth.handshakes)).value as Record<string, kuscia.PeerHandshakeV11>;
        assert.deepEqual(hs.amy, {
            generation: "1.1",
            domainId: "amy",
            endpoint: "10.213.0.21:11080",
            gatewayScheme: "https",
            domainCertPem: pem("CERTIFICATE", "domain-crt-amy-domain-cert"),
            authorizes: "eve",
        });
        assert.equal(hs.eve.authorizes, "amy");
        assert.equal((await resolve(auth.status)).value, "verified");
    });
});

describe("MutualAuthorization of a Kuscia 1.1 node across organisations", () => {
    const peer = (over: Partial<kuscia.PeerHandshakeV11> = {}): kuscia.PeerHandshakeV11 => ({
        generation: "1.1",
        domainId: "bob",
        endpoint: "10.213.0.12:11080",
        domainCertPem: domainCert("bob"),
        ...over,
    });
    const cross = (name: string, local: kuscia.KusciaAutonomyNode, h: kuscia.PeerHandshakeV11 | undefined) =>
        new kuscia.MutualAuthorization(name, { local, partnerDomainId: h?.domainId ?? "bob", peer: h });
    let fay: kuscia.KusciaAutonomyNode;
    before(() => {
        fay = nodeV11("fay", "10.213.0.23", 11080);
    });

    it("waits for the peer: no step; publishes its domain.crt", async () => {
        const auth = cross("y1", nodeV11("fox", "10.213.0.24", 11080), undefined);
        const h = (await resolve(auth.handshake)).value as kuscia.PeerHandshakeV11;
        assert.deepEqual(Object.keys(h).sort(), [
            "domainCertPem",
            "domainId",
            "endpoint",
            "gatewayScheme",
            "generation",
        ]);
        assert.equal((await resolve(auth.status)).value, "waiting-for-peer");
        await settle();
        assert.deepEqual(
            registrations.filter(r => r.name.startsWith("y1-")).map(r => r.name),
            [],
        );
    });

    it("adds and joins the partner; waits for it to add us before verifying", async () => {
        const auth = cross("y2", fay, peer());
        assert.equal((await resolve(auth.status)).value, "granted");
        assert.match((await resolve(auth.message)).value, /waiting for bob to add fay/);
        assert.equal(((await resolve(auth.handshake)).value as kuscia.PeerHandshakeV11).authorizes, "bob");
        await settle();
        assert.deepEqual(
            registrations.filter(r => r.name.startsWith("y2-")).map(r => r.name),
            ["y2-fay-adds-and-joins-bob"],
        );
        assert.deepEqual(stdinFiles(named("y2-fay-adds-and-joins-bob").inputs.stdin)[0].text, domainCert("bob"));
        assert.equal(
            stepLine(named("y2-fay-adds-and-joins-bob").inputs.create).values.PEER_SCHEME,
            "https",
            "a handshake without a scheme is HTTPS's",
        );
    });

    it("joins a NOTLS partner over http, as its handshake says", async () => {
        cross("y4", fay, peer({ domainId: "bea", gatewayScheme: "http", domainCertPem: domainCert("bea") }));
        await settle();
        assert.equal(stepLine(named("y4-fay-adds-and-joins-bea").inputs.create).values.PEER_SCHEME, "http");
    });

    it("waits as long as it is told for the partner's answer", async () => {
        cross("y5", nodeV11("fig", "10.213.0.26", 11080), peer({ authorizes: "fig" }));
        new kuscia.MutualAuthorization("y6", {
            local: nodeV11("fib", "10.213.0.27", 11080),
            partnerDomainId: "bob",
            peer: peer({ authorizes: "fib" }),
            verifyTimeoutSeconds: 900,
        });
        await settle();
        assert.equal(stepLine(named("y5-fig-verifies-bob").inputs.create).values.TIMEOUT_SECONDS, "300");
        assert.equal(stepLine(named("y6-fib-verifies-bob").inputs.create).values.TIMEOUT_SECONDS, "900");
        assert.throws(
            () =>
                new kuscia.MutualAuthorization("y7", {
                    local: nodeV11("fit", "10.213.0.28", 11080),
                    partnerDomainId: "bob",
                    peer: undefined,
                    verifyTimeoutSeconds: 0,
                }),
            /y7.verifyTimeoutSeconds 0 must be a whole number of seconds from 1 to 86400/,
        );
    });

    it("verifies once the partner's handshake authorizes us", async () => {
        const auth = cross("y3", nodeV11("fin", "10.213.0.25", 11080), peer({ authorizes: "fin" }));
        assert.equal((await resolve(auth.status)).value, "verified");
        await settle();
        assert.deepEqual(
            registrations
                .filter(r => r.name.startsWith("y3-"))
                .map(r => r.name)
                .sort(),
            ["y3-fin-adds-and-joins-bob", "y3-fin-verifies-bob"],
        );
        assert.ok(named("y3-fin-verifies-bob").dependencies.includes(named("y3-fin-adds-and-joins-bob").urn));
    });
});

describe("ExamplePsiJob of two Kuscia 1.1 nodes: any two domain ids", () => {
    let job: kuscia.ExamplePsiJob;
    before(async () => {
        const ivy = nodeV11("ivy", "10.213.0.31", 11080, { demoData: true });
        const joe = nodeV11("joe", "10.213.0.32", 11090, { demoData: true });
        const trust = new kuscia.MutualAuthorization("ij", { nodes: [ivy, joe] });
        job = new kuscia.ExamplePsiJob("ij-psi", { node: ivy, partner: joe, jobId: "psi-ij", after: [trust] });
        await resolve(job.phase);
        await settle();
    });

    it("each party grants the other its demo table through its KusciaAPI, after its demo data and the trust", () => {
        const ivyGrants = named("ij-psi-ivy-grants-alice-table-to-joe");
        assert.equal(plain(ivyGrants.inputs.connection).host, "10.213.0.31");
        assert.deepEqual(stepLine(ivyGrants.inputs.create).values, {
            SELF: "ivy",
            PEER: "joe",
            TABLE: "alice-table",
            CONTAINER: "op-kuscia-autonomy-ivy",
            API_SCHEME: "https",
        });
        assert.ok(ivyGrants.dependencies.includes(named("ivy-demo-data").urn));
        assert.ok(ivyGrants.dependencies.includes(named("ij-ivy-verifies-joe").urn), "after the authorization's steps");
        const joeGrants = named("ij-psi-joe-grants-bob-table-to-ivy");
        assert.equal(plain(joeGrants.inputs.connection).host, "10.213.0.32");
        assert.deepEqual(stepLine(joeGrants.inputs.create).steps, ["grant-table"]);
    });

    it("the initiator creates the real example's KusciaJob in cross-domain for ivy and joe, and waits for it", async () => {
        const j = named("ij-psi-job");
        assert.deepEqual(stepLine(j.inputs.create).values, {
            CONTAINER: "op-kuscia-autonomy-ivy",
            JOB_ID: "psi-ij",
            NAMESPACE: "cross-domain",
            TIMEOUT_SECONDS: "300",
        });
        assert.deepEqual(stepLine(j.inputs.delete).steps, ["delete-job"]);
        for (const g of [
            "ij-psi-ivy-grants-alice-table-to-joe",
            "ij-psi-joe-grants-bob-table-to-ivy",
            "ivy-app-image",
            "joe-app-image",
        ]) {
            assert.ok(j.dependencies.includes(named(g).urn), g);
        }
        const kj = JSON.parse(plain(j.inputs.stdin));
        assert.deepEqual(
            [kj.kind, kj.metadata, kj.spec.initiator],
            ["KusciaJob", { namespace: "cross-domain", name: "psi-ij" }, "ivy"],
        );
        const [task] = kj.spec.tasks;
        assert.deepEqual(
            task.parties.map((p: any) => p.domainID),
            ["ivy", "joe"],
        );
        const config = JSON.parse(task.taskInputConfig);
        assert.deepEqual(config.sf_cluster_desc.parties, ["ivy", "joe"]);
        assert.deepEqual(Object.keys(config.sf_datasource_config), ["ivy", "joe"]);
        assert.deepEqual(config.sf_input_ids, ["alice-table", "bob-table"]);
        const spu = JSON.parse(config.sf_cluster_desc.devices.find((d: any) => d.name === "spu").config);
        assert.deepEqual(
            spu.link_desc,
            {
                connect_retry_times: 60,
                connect_retry_interval_ms: 1000,
                brpc_channel_protocol: "http",
                brpc_channel_connection_type: "pooled",
                recv_timeout_ms: 1200000,
                http_timeout_ms: 1200000,
            },
            "SPU's links as the image's template sets them: brpc over http, which Kuscia's gateway carries",
        );
        assert.equal((await resolve(job.phase)).value, "Succeeded");
    });
});

describe("KusciaCluster of Kuscia 1.1 nodes with the example job", () => {
    before(async () => {
        const n = (id: string, i: number) => ({
            domainId: id,
            generation: "1.1" as const,
            connection: connection(`10.213.0.4${i}`),
            gatewayPort: 11080,
            demoData: true,
        });
        const cluster = new kuscia.KusciaCluster("c11", {
            nodes: [n("kim", 1), n("lee", 2), n("max", 3)],
            exampleJobFrom: "lee",
            exampleJobWith: "max",
        });
        await resolve(cluster.exampleJobPhase!);
        await settle();
    });

    it("runs the job from exampleJobFrom with exampleJobWith", () => {
        assert.deepEqual(
            registrations
                .filter(r => r.name.startsWith("c11-example-job-"))
                .map(r => r.name)
                .sort(),
            [
                "c11-example-job-job",
                "c11-example-job-lee-grants-alice-table-to-max",
                "c11-example-job-max-grants-bob-table-to-lee",
            ],
        );
    });

    it("refuses an exampleJobWith that is not a node", () => {
        assert.throws(
            () =>
                new kuscia.KusciaCluster("c12", {
                    nodes: [
                        { domainId: "a", generation: "1.1", connection: connection("10.213.0.51"), gatewayPort: 1 },
                        { domainId: "b", generation: "1.1", connection: connection("10.213.0.52"), gatewayPort: 1 },
                    ],
                    exampleJobFrom: "a",
                    exampleJobWith: "zed",
                }),
            /c12.exampleJobWith 'zed' is not one of the nodes' domain ids \(a, b\)/,
        );
    });
});
