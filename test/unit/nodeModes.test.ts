import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    named,
    plain,
    resolve,
    settle,
    childrenOf,
    isSecretValue,
    pem,
    stepLine,
    testHostKey,
    mockCsr,
} from "./harness";
import * as kuscia from "../../components";
import { nodeV03 } from "../support/pki";
import { fingerprintOf } from "../../components/core/fingerprint";
import { generationSteps } from "../../components/kusciaGenerations";

const connection = { host: "10.213.0.12", user: "op2", privateKey: "k", hostKey: testHostKey, proxy: undefined };

/**
 * Runs a step's remote command locally, with the library's bundle in place of the host's copy, against a stand-in
 * docker CLI that records each call (argv joined by spaces, plus stdin for `exec -i`), so that a test sees exactly what
 * the step runs on a host. FAKE_* variables shape the answers: the data dir the container mounts, images its containerd
 * holds.
 */
function runStep(create: string, env: Record<string, string>): { code: number; stderr: string; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-unit-step-"));
    try {
        const log = path.join(dir, "calls.log");
        fs.writeFileSync(
            path.join(dir, "docker"),
            `#!/bin/bash
set -u
line="$*"
case "$1 \${2:-}" in
"exec -i") line="$line <<< $(cat | tr -d '\\n')" ;;
"run -d") line="$line (#$#)" ;;
esac
echo "$line" >> "${log}"
case "$*" in
"inspect -f {{.State.Running}} "*) echo true ;;
"inspect -f {{.Image}} "*) echo sha256:0123abcd ;;
"inspect -f {{range .Mounts}}"*) echo "\${FAKE_MOUNT:-}" ;;
"run --rm --network none --entrypoint cat sha256:0123abcd /home/kuscia/var/storage/data/"*) printf 'id,x\n%s,1\n' "\${*: -1}" ;;
"exec "*" crictl inspecti "*) [ -e "${dir}/imported" ] || [ -n "\${FAKE_HAS_IMAGE:-}" ] ;;
"exec -i "*" ctr "*) touch "${dir}/imported" ;;
"save "*) echo "TAR-OF-\${*: -1}" ;;
"image inspect "*) true ;;
esac
`,
            { mode: 0o755 },
        );
        const local = create.replace(/^bash \S+ /, `bash ${generationSteps().file} `);
        const r = spawnSync("bash", ["-c", local], {
            env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, ...env },
            encoding: "utf8",
        });
        const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").replace(/\n$/, "").split("\n") : [];
        return { code: r.status ?? 1, stderr: r.stderr, calls };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("KusciaAutonomyNode, identity host, cli driver", () => {
    let node: kuscia.KusciaAutonomyNode;
    before(async () => {
        node = new kuscia.KusciaAutonomyNode("bob", {
            domainId: "bob",
            connection,
            gatewayPort: 8082,
            identity: "host",
            containerDriver: "cli",
            image: "registry.test/kuscia:0.3",
            rootDir: "/srv/kuscia/",
            memory: "512m",
            demoData: true,
            secretflowImage: "registry.test:5000/secretflow/secretflow-lite:1.1.0b0",
        });
        await resolve(node.api);
        await settle();
    });

    it("creates no tls or docker resources: keys are made on the host and the CLI runs the container", () => {
        assert.deepEqual(
            childrenOf("bob-")
                .map(r => `${r.type} ${r.name}`)
                .sort(),
            [
                "command:remote:Command bob-api-credentials",
                "command:remote:Command bob-app-image",
                "command:remote:Command bob-container",
                "command:remote:Command bob-demo-data",
                "command:remote:Command bob-identity",
                "command:remote:Command bob-network",
                "command:remote:Command bob-ready",
                "command:remote:Command bob-steps-removal",
                "command:remote:CopyToRemote bob-steps",
                "pulumi-nodejs:dynamic:Resource bob-container-probe",
                "pulumi-nodejs:dynamic:Resource bob-host-probe",
            ],
        );
    });

    it("makes the identity on the host with the image's init scripts and reads back the public part", async () => {
        const step = named("bob-identity");
        assert.deepEqual(stepLine(step.inputs.create), {
            bundle: "/srv/kuscia/kuscia-autonomy-bob-steps.sh",
            steps: ["host-identity"],
            values: {
                IMAGE: "registry.test/kuscia:0.3",
                CERTS_DIR: "/srv/kuscia/kuscia-autonomy-bob-certs",
                DATA_DIR: "/srv/kuscia/kuscia-autonomy-bob-data",
                DOMAIN_ID: "bob",
                HOST_IP: "10.213.0.12",
                CONTAINER: "op2-kuscia-autonomy-bob",
            },
        });
        assert.equal(step.inputs.stdin, undefined);
        const handshake = (await resolve(node.handshake)).value as kuscia.PeerHandshakeV03;
        assert.equal(handshake.csrPem, mockCsr("bob-identity", "bob"));
        assert.equal(handshake.caCertPem, nodeV03("host-bob").caCertPem);
        const creds = named("bob-api-credentials");
        assert.ok(creds.additionalSecretOutputs.includes("stdout"), creds.additionalSecretOutputs.join());
        assert.equal(creds.inputs.logging, "stderr", "the key and token are never shown while the step runs");
        const api = await resolve(node.api);
        assert.equal(api.secret, true);
        assert.equal(api.value.token, "tok-123");
        assert.equal(api.value.clientKeyPem, pem("RSA PRIVATE KEY", "api-key-bob-api-credentials"));
    });

    it("runs the container with the CLI script and deploy.sh's docker run, recreating it on config change and removing it on delete", () => {
        const c = named("bob-container");
        const { steps, values, args } = stepLine(c.inputs.create);
        assert.deepEqual(steps, ["run-container"]);
        assert.deepEqual(
            { ...values, CONFIG_HASH: "?" },
            { CONTAINER: "op2-kuscia-autonomy-bob", IMAGE: "registry.test/kuscia:0.3", CONFIG_HASH: "?" },
        );
        assert.equal(values.CONFIG_HASH, fingerprintOf(args!), "the hash is of the whole docker run");
        const identityLabel = args!.find(a => a.startsWith("kuscia.pulumi/identity="))!;
        assert.match(identityLabel, /^kuscia.pulumi\/identity=[0-9a-f]{16}$/);
        assert.deepEqual(args, [
            "--privileged",
            "--name",
            "op2-kuscia-autonomy-bob",
            "--hostname",
            "op2-kuscia-autonomy-bob",
            "--restart",
            "always",
            "--memory",
            "512m",
            "--network",
            "kuscia-exchange",
            "--label",
            identityLabel,
            "--label",
            "kuscia.pulumi/host=epoch-of-bob-host-probe",
            "-p",
            "8082:1080",
            "-p",
            "13082:8082",
            "-p",
            "13083:8083",
            "-e",
            "NAMESPACE=bob",
            "-e",
            "REGISTRY_ENDPOINT=registry.test:5000/secretflow",
            "-v",
            "op2-kuscia-autonomy-bob-containerd:/home/kuscia/containerd",
            "-v",
            "/tmp:/tmp",
            "-v",
            "/srv/kuscia/kuscia-autonomy-bob-certs:/home/kuscia/etc/certs",
            "-v",
            "/srv/kuscia/kuscia-autonomy-bob-data:/home/kuscia/var/storage/data",
            "--entrypoint",
            "bin/entrypoint.sh",
            "registry.test/kuscia:0.3",
            "tini",
            "--",
            "scripts/deploy/start_autonomy.sh",
            "bob",
        ]);
        assert.deepEqual(stepLine(c.inputs.delete), {
            bundle: "/srv/kuscia/kuscia-autonomy-bob-steps.sh",
            steps: ["remove-container"],
            values: { CONTAINER: "op2-kuscia-autonomy-bob", VOLUMES: "op2-kuscia-autonomy-bob-containerd" },
        });
        assert.equal(c.deleteBeforeReplace, true);
        assert.deepEqual(
            c.inputs.triggers,
            ["10.213.0.12:22", "op2-kuscia-autonomy-bob", "epoch-of-bob-container-probe"],
            "a container the probe found missing on refresh is made again",
        );
        assert.ok(c.dependencies.includes(named("bob-identity").urn));
        assert.ok(c.dependencies.includes(named("bob-network").urn));
    });

    it("hands the docker run arguments to docker as they are, each word one argument", () => {
        const create = plain(named("bob-container").inputs.create);
        const { args } = stepLine(create);
        const runOf = (line: string) => {
            const r = runStep(line, {});
            assert.equal(r.code, 0, r.stderr);
            return r.calls.find(c => c.startsWith("run -d "));
        };
        const label = `kuscia.pulumi/config=${fingerprintOf(args!)}`;
        assert.equal(runOf(create), `${["run", "-d", "--label", label, ...args!].join(" ")} (#${args!.length + 4})`);
        const spaced = runOf(create.replace(" 512m ", " '5 12m' "));
        assert.ok(spaced?.endsWith(`(#${args!.length + 4})`), `a word with a space stays one argument: ${spaced}`);
        assert.ok(spaced?.includes("--memory 5 12m --network"), spaced);
    });

    it("probes, on refresh only, the container's configuration and the node's dirs", () => {
        const probe = named("bob-container-probe");
        assert.ok(isSecretValue(probe.inputs.connection), "the probe's connection (with the key) is secret");
        const bundle = "/srv/kuscia/kuscia-autonomy-bob-steps.sh";
        const probeLine = (check: any) => {
            const m = /^if \[ -f (\S+) \]; then (.*); else echo missing; fi$/.exec(plain(check));
            assert.ok(m, plain(check));
            assert.equal(m[1], bundle, "a host without the steps is a wiped host: missing");
            return stepLine(m[2]);
        };
        const container = probeLine(probe.inputs.check);
        assert.deepEqual(container.steps, ["probe-container"]);
        assert.equal(container.values.CONTAINER, "op2-kuscia-autonomy-bob");
        assert.equal(container.values.CONFIG_HASH, stepLine(named("bob-container").inputs.create).values.CONFIG_HASH);
        assert.deepEqual(probeLine(named("bob-host-probe").inputs.check), {
            bundle,
            steps: ["probe-host"],
            values: {
                CERTS_DIR: "/srv/kuscia/kuscia-autonomy-bob-certs",
                DATA_DIR: "/srv/kuscia/kuscia-autonomy-bob-data",
                NETWORK: "kuscia-exchange",
            },
        });
        assert.ok(
            named("bob-steps").inputs.triggers.includes("epoch-of-bob-host-probe"),
            "a wiped host gets the steps again",
        );
        assert.ok(
            named("bob-identity").inputs.triggers.includes("epoch-of-bob-host-probe"),
            "a wiped host gets its identity again",
        );
        assert.ok(named("bob-network").inputs.triggers.includes("epoch-of-bob-host-probe"), "and its network");
    });

    it("registers the SecretFlow app image after the node is ready", () => {
        const d = named("bob-app-image");
        assert.ok(d.dependencies.includes(named("bob-ready").urn));
        assert.deepEqual(stepLine(d.inputs.create).values, {
            CONTAINER: "op2-kuscia-autonomy-bob",
            APP_IMAGE_REPO: "registry.test:5000/secretflow/secretflow-lite",
            APP_IMAGE_TAG: "1.1.0b0",
        });
    });

    it("imports the SecretFlow image into the node's containerd first, streamed, then registers it with REPO and TAG", () => {
        const image = "registry.test:5000/secretflow/secretflow-lite:1.1.0b0";
        const r = runStep(plain(named("bob-app-image").inputs.create), {});
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(r.calls, [
            "inspect -f {{.State.Running}} op2-kuscia-autonomy-bob",
            `exec op2-kuscia-autonomy-bob crictl inspecti ${image}`,
            `image inspect ${image}`,
            `save ${image}`,
            `exec -i op2-kuscia-autonomy-bob ctr -a=/home/kuscia/containerd/run/containerd.sock -n=k8s.io images import - <<< TAR-OF-${image}`,
            `exec op2-kuscia-autonomy-bob crictl inspecti ${image}`,
            "inspect -f {{.State.Running}} op2-kuscia-autonomy-bob",
            "exec -i op2-kuscia-autonomy-bob scripts/deploy/create_sf_app_image.sh registry.test:5000/secretflow/secretflow-lite 1.1.0b0 <<< ",
        ]);
        assert.ok(!r.calls.some(c => / -it | -t |\/tmp/.test(c)), "no TTY, no tar in a /tmp the container mounts");
    });

    it("skips the import when the node's containerd already has the image (crictl inspecti)", () => {
        const r = runStep(plain(named("bob-app-image").inputs.create), { FAKE_HAS_IMAGE: "1" });
        assert.equal(r.code, 0, r.stderr);
        assert.ok(!r.calls.some(c => c.startsWith("save ") || c.includes(" ctr ")), r.calls.join("\n"));
        assert.equal(
            r.calls[r.calls.length - 1],
            "exec -i op2-kuscia-autonomy-bob scripts/deploy/create_sf_app_image.sh registry.test:5000/secretflow/secretflow-lite 1.1.0b0 <<< ",
        );
    });

    it("imports the demo data after the node is ready", () => {
        const d = named("bob-demo-data");
        assert.ok(d.dependencies.includes(named("bob-ready").urn));
        assert.deepEqual(stepLine(d.inputs.create).values, {
            CONTAINER: "op2-kuscia-autonomy-bob",
            DOMAIN_ID: "bob",
            DATA_DIR: "/srv/kuscia/kuscia-autonomy-bob-data",
        });
    });

    it("copies the image's demo tables out of the node's image into the data dir, never over a file, then runs deploy.sh's three scripts", () => {
        const data = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-unit-data-"));
        try {
            fs.writeFileSync(path.join(data, "bob.csv"), "mine\n");
            const create = plain(named("bob-demo-data").inputs.create).replace(
                "DATA_DIR=/srv/kuscia/kuscia-autonomy-bob-data",
                `DATA_DIR=${data}`,
            );
            const r = runStep(create, { FAKE_MOUNT: data });
            assert.equal(r.code, 0, r.stderr);
            const ctr = "op2-kuscia-autonomy-bob";
            assert.deepEqual(
                r.calls.filter(c => !c.startsWith("inspect -f {{.State.Running}}")),
                [
                    `inspect -f {{range .Mounts}}{{if eq .Destination "/home/kuscia/var/storage/data"}}{{.Source}}{{end}}{{end}} ${ctr}`,
                    `inspect -f {{.Image}} ${ctr}`,
                    "run --rm --network none --entrypoint cat sha256:0123abcd /home/kuscia/var/storage/data/alice.csv",
                    `exec -i ${ctr} scripts/deploy/create_domain_datasource.sh bob <<< `,
                    `exec -i ${ctr} scripts/deploy/create_domaindata_alice_table.sh bob <<< `,
                    `exec -i ${ctr} scripts/deploy/create_domaindata_bob_table.sh bob <<< `,
                ],
            );
            assert.equal(
                fs.readFileSync(path.join(data, "alice.csv"), "utf8"),
                "id,x\n/home/kuscia/var/storage/data/alice.csv,1\n",
            );
            assert.equal(fs.statSync(path.join(data, "alice.csv")).mode & 0o777, 0o644);
            assert.equal(fs.readFileSync(path.join(data, "bob.csv"), "utf8"), "mine\n", "an existing table is kept");
            assert.deepEqual(fs.readdirSync(data).sort(), ["alice.csv", "bob.csv"], "no temporary files left");
            assert.match(r.stderr, /kept .*bob\.csv/);
        } finally {
            fs.rmSync(data, { recursive: true, force: true });
        }
    });

    it("refuses a container that does not mount the node's data dir", () => {
        const r = runStep(plain(named("bob-demo-data").inputs.create), { FAKE_MOUNT: "/elsewhere" });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /mounts '\/elsewhere' at \/home\/kuscia\/var\/storage\/data, not the data dir/);
        assert.ok(!r.calls.some(c => c.startsWith("run ") || c.startsWith("exec ")));
    });
});
