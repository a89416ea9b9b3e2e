import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    named,
    plain,
    isSecretValue,
    registrations,
    resolve,
    settle,
    childrenOf,
    pem,
    stdinFiles,
    stepLine,
} from "./harness";
import * as kuscia from "../../components";
import { generationSteps } from "../../components/kusciaGenerations";
import { fingerprintOf } from "../../components/core/fingerprint";

const key = pem("OPENSSH PRIVATE KEY", "not-a-real-key");
const connection = (host: string) => ({
    host,
    port: 22,
    user: "op1",
    privateKey: key,
    hostKey: "ssh-ed25519 AAAAC3Nza host",
});

describe("KusciaAutonomyNode, identity stack, docker driver", () => {
    let node: kuscia.KusciaAutonomyNode;
    const keyCache = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-unit-cache-"));
    before(async () => {
        process.env.PULUMI_KUSCIA_CACHE = keyCache;
        node = new kuscia.KusciaAutonomyNode("alice", {
            domainId: "alice",
            connection: connection("10.213.0.11"),
            gatewayPort: 8081,
            image: "registry.test/kuscia:0.3",
            privileged: false,
        });
        await resolve(node.api);
        await settle();
    });

    it("imports deploy.sh's default SecretFlow image after ready and registers the AppImage, as deploy.sh does", () => {
        const step = named("alice-app-image");
        assert.ok(step.dependencies.includes(named("alice-ready").urn));
        assert.deepEqual(stepLine(step.inputs.create).steps, ["import-engine-image", "register-app-image"]);
        assert.deepEqual(stepLine(step.inputs.create).values, {
            CONTAINER: "op1-kuscia-autonomy-alice",
            APP_IMAGE_REPO: "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8",
            APP_IMAGE_TAG: "1.1.0b0",
        });
    });

    it("creates exactly the expected children, all parented to the component", () => {
        const kids = childrenOf("alice-")
            .map(r => `${r.type} ${r.name}`)
            .sort();
        assert.deepEqual(kids, [
            "command:local:Command alice-docker-ssh-files",
            "command:remote:Command alice-app-image",
            "command:remote:Command alice-identity",
            "command:remote:Command alice-network",
            "command:remote:Command alice-ready",
            "command:remote:Command alice-steps-removal",
            "command:remote:CopyToRemote alice-steps",
            "docker:index/container:Container alice-container",
            "docker:index/remoteImage:RemoteImage alice-image",
            "docker:index/volume:Volume alice-containerd",
            "pulumi-nodejs:dynamic:Resource alice-host-probe",
            "pulumi:providers:docker alice-docker",
            "tls:index/certRequest:CertRequest alice-api-client-csr",
            "tls:index/certRequest:CertRequest alice-api-server-csr",
            "tls:index/certRequest:CertRequest alice-domain-csr",
            "tls:index/certRequest:CertRequest alice-gateway-csr",
            "tls:index/locallySignedCert:LocallySignedCert alice-api-client-cert",
            "tls:index/locallySignedCert:LocallySignedCert alice-api-server-cert",
            "tls:index/locallySignedCert:LocallySignedCert alice-gateway-cert",
            "tls:index/privateKey:PrivateKey alice-api-client-key",
            "tls:index/privateKey:PrivateKey alice-api-server-key",
            "tls:index/privateKey:PrivateKey alice-api-token-seed",
            "tls:index/privateKey:PrivateKey alice-ca-key",
            "tls:index/privateKey:PrivateKey alice-domain-key",
            "tls:index/privateKey:PrivateKey alice-gateway-key",
            "tls:index/selfSignedCert:SelfSignedCert alice-ca-cert",
        ]);
        const component = named("alice");
        assert.equal(component.type, "kuscia:index:KusciaAutonomyNode");
        for (const r of childrenOf("alice-")) {
            assert.equal(r.parent, component.urn, `${r.name} parent`);
        }
    });

    it("docker resources go through the node's own ssh:// provider with the pinned host key", () => {
        const provider = named("alice-docker");
        assert.equal(provider.inputs.host, "ssh://op1@10.213.0.11:22");
        const opts: string[] = JSON.parse(provider.inputs.sshOpts);
        assert.ok(opts.includes("StrictHostKeyChecking=yes"), opts.join(" "));
        for (const n of ["alice-containerd", "alice-image", "alice-container"]) {
            assert.match(named(n).provider, /alice-docker/, n);
        }
    });

    it("writes the docker provider's key files only in a local command's create, and removes them on its delete", () => {
        assert.deepEqual(
            fs.readdirSync(path.join(keyCache, "ssh")),
            [],
            "running the program (as a preview does) writes no key file",
        );
        assert.equal(fs.statSync(path.join(keyCache, "ssh")).mode & 0o777, 0o700, "in a dir only the user can enter");
        const files = named("alice-docker-ssh-files");
        assert.ok(isSecretValue(files.inputs.stdin), "the key goes on stdin, as a secret");
        const keyFile = JSON.parse(named("alice-docker").inputs.sshOpts)[1];
        assert.equal(path.dirname(keyFile), path.join(keyCache, "ssh"));
        assert.ok(plain(files.inputs.create).includes(`mv -f ${keyFile}.tmp ${keyFile}`));
        assert.ok(!plain(files.inputs.create).includes("PRIVATE KEY"), "no key in the command line");
        assert.equal(plain(files.inputs.delete), `rm -f -- ${keyFile} ${keyFile.replace(/\.key$/, ".known_hosts")}`);
        assert.ok(
            named("alice-docker").dependencies.includes(files.urn),
            "deleted after the provider and every docker resource",
        );
        const [sentKey, knownHosts] = plain(files.inputs.stdin)
            .trim()
            .split("\n")
            .map((l: string) => Buffer.from(l, "base64").toString());
        assert.equal(sentKey, key, "the connection's key, as ssh reads it (ending in a newline)");
        assert.equal(knownHosts, "10.213.0.11 ssh-ed25519 AAAAC3Nza\n");
    });

    it("starts the container as the seed does, after the identity is installed", () => {
        const c = named("alice-container");
        assert.equal(c.inputs.name, "op1-kuscia-autonomy-alice");
        assert.equal(c.inputs.hostname, "op1-kuscia-autonomy-alice");
        assert.equal(c.inputs.restart, "always");
        assert.equal(c.inputs.memory, 6144);
        assert.equal(c.inputs.memorySwap, 12288, "what docker derives from -m, so that a read-back plans no change");
        assert.equal(c.inputs.privileged, false);
        assert.deepEqual(c.inputs.entrypoints, ["bin/entrypoint.sh"]);
        assert.deepEqual(c.inputs.command, ["tini", "--", "scripts/deploy/start_autonomy.sh", "alice"]);
        assert.deepEqual(
            c.inputs.envs,
            ["NAMESPACE=alice", "REGISTRY_ENDPOINT=secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow"],
            "deploy.sh's environment: the registry its agent pulls unqualified images from",
        );
        assert.deepEqual(
            c.inputs.ports.map((p: any) => [p.internal, p.external]),
            [
                [1080, 8081],
                [8082, 13082],
                [8083, 13083],
            ],
        );
        assert.deepEqual(
            c.inputs.volumes.map((v: any) => v.hostPath ?? v.volumeName),
            [
                "op1-kuscia-autonomy-alice-containerd",
                "/tmp",
                "/home/op1/kuscia-autonomy-alice-certs",
                "/home/op1/kuscia-autonomy-alice-data",
            ],
        );
        assert.deepEqual(c.inputs.networksAdvanced, [{ name: "kuscia-exchange" }]);
        assert.ok(c.dependencies.includes(named("alice-identity").urn), "container depends on the identity step");
        assert.ok(c.dependencies.includes(named("alice-network").urn), "container depends on the network step");
        assert.equal(named("alice-image").inputs.name, "registry.test/kuscia:0.3");
        assert.equal(named("alice-containerd").inputs.name, "op1-kuscia-autonomy-alice-containerd");
    });

    it("installs the identity with the install script, files on stdin as a secret, and removes the certs dir on delete", () => {
        const step = named("alice-identity");
        const create: string = plain(step.inputs.create);
        const bundle = "/home/op1/kuscia-autonomy-alice-steps.sh";
        assert.deepEqual(stepLine(create), {
            bundle,
            steps: ["install-identity"],
            values: {
                CERTS_DIR: "/home/op1/kuscia-autonomy-alice-certs",
                DATA_DIR: "/home/op1/kuscia-autonomy-alice-data",
            },
        });
        assert.deepEqual(stepLine(step.inputs.delete), {
            bundle,
            steps: ["remove-certs-dir"],
            values: { CERTS_DIR: "/home/op1/kuscia-autonomy-alice-certs" },
        });
        assert.ok(isSecretValue(step.inputs.stdin), "stdin is secret");
        const files = Object.fromEntries(stdinFiles(step.inputs.stdin).map(f => [f.name, f]));
        assert.deepEqual(Object.keys(files).sort(), [
            "ca.crt",
            "ca.key",
            "domain.csr",
            "domain.key",
            "external_tls.crt",
            "external_tls.key",
            "kusciaapi-client.crt",
            "kusciaapi-client.key",
            "kusciaapi-server.crt",
            "kusciaapi-server.key",
            "token",
        ]);
        for (const [name, f] of Object.entries(files)) {
            const isPrivate = name.endsWith(".key") || name === "token";
            assert.equal(f.mode, isPrivate ? "600" : "644", name);
        }
        assert.equal(files["domain.key"].text, pem("RSA PRIVATE KEY", "key-of-alice-domain-key"));
        assert.equal(step.deleteBeforeReplace, true);
        assert.ok(!create.includes("PRIVATE KEY"), "no key in the command line");
    });

    it("copies the steps to the host before any step, as a file asset of the bundle, and removes them after every step on destroy", () => {
        const copy = named("alice-steps");
        assert.equal(copy.inputs.remotePath, "/home/op1/kuscia-autonomy-alice-steps.sh");
        assert.equal(copy.inputs.source.path, generationSteps().file);
        const removal = named("alice-steps-removal");
        assert.equal(removal.inputs.create, undefined, "nothing runs on create: no SSH session");
        assert.equal(plain(removal.inputs.delete), "rm -f -- /home/op1/kuscia-autonomy-alice-steps.sh");
        assert.ok(copy.dependencies.includes(removal.urn), "the file is removed after the copy's dependents are gone");
        for (const step of ["alice-network", "alice-identity", "alice-ready"]) {
            assert.ok(named(step).dependencies.includes(copy.urn), step);
        }
        assert.ok(
            !generationSteps()
                .text.split("\n")
                .some(line => /^\s*#/.test(line) && !line.startsWith("# pulumi-kuscia")),
            "comments are not shipped",
        );
    });

    it("labels the container with a fingerprint of every public file it is started with, so a new certificate restarts it", () => {
        const publicFiles = stdinFiles(named("alice-identity").inputs.stdin).filter(f => f.mode === "644");
        assert.deepEqual(
            publicFiles.map(f => f.name),
            ["domain.csr", "ca.crt", "external_tls.crt", "kusciaapi-server.crt", "kusciaapi-client.crt"],
        );
        const expected = fingerprintOf(publicFiles.map(f => f.text));
        assert.deepEqual(
            named("alice-container").inputs.labels,
            [
                { label: "kuscia.pulumi/identity", value: expected },
                { label: "kuscia.pulumi/host", value: "epoch-of-alice-host-probe" },
            ],
            "re-made dirs (the probe's epoch) restart the container too",
        );
    });

    it("asks for the CSR with CN = domain id and a gateway certificate naming the host ip", () => {
        assert.deepEqual(named("alice-domain-csr").inputs.subject, { commonName: "alice" });
        assert.deepEqual(named("alice-gateway-csr").inputs.ipAddresses, ["127.0.0.1", "10.213.0.11"]);
        assert.deepEqual(named("alice-gateway-cert").inputs.allowedUses, [
            "digital_signature",
            "key_encipherment",
            "server_auth",
        ]);
        assert.equal(named("alice-ca-cert").inputs.isCaCertificate, true);
    });

    it("waits for readiness after the container, re-run when the container changes", () => {
        const ready = named("alice-ready");
        assert.ok(ready.dependencies.includes(named("alice-container").urn));
        assert.deepEqual(stepLine(ready.inputs.create).values, {
            CONTAINER: "op1-kuscia-autonomy-alice",
            DOMAIN_ID: "alice",
            TIMEOUT_SECONDS: "180",
        });
        assert.deepEqual(ready.inputs.triggers, ["alice-container-id"]);
    });

    it("exposes outputs with secrets only where they belong", async () => {
        assert.deepEqual(await resolve(node.endpoint), { value: "10.213.0.11:8081", secret: false, known: true });
        assert.equal((await resolve(node.certsDir)).value, "/home/op1/kuscia-autonomy-alice-certs");
        assert.equal((await resolve(node.dataDir)).value, "/home/op1/kuscia-autonomy-alice-data");
        const handshake = await resolve(node.handshake);
        assert.equal(handshake.secret, false);
        assert.equal(handshake.value.generation, "0.3");
        assert.match(handshake.value.csrPem, /BEGIN CERTIFICATE REQUEST/);
        assert.match(handshake.value.caCertPem, /BEGIN CERTIFICATE/);
        const api = await resolve(node.api);
        assert.equal(api.secret, true);
        assert.equal(api.value.endpoint, "https://10.213.0.11:13082");
        assert.match(api.value.clientKeyPem, /PRIVATE KEY/);
        assert.match(api.value.token, /^[0-9a-f]{64}$/, "64 hex characters, as init_kusciaapi_cert.sh makes it");
        for (const o of [
            node.domainId,
            node.endpoint,
            node.handshake,
            node.containerName,
            node.certsDir,
            node.dataDir,
        ]) {
            const r = await resolve(o as any);
            assert.equal(r.secret, false);
            assert.ok(!String(r.value).includes("PRIVATE KEY"));
        }
    });

    it("never puts a key in a non-secret input of any child", () => {
        for (const r of registrations) {
            for (const [k, val] of Object.entries(r.inputs)) {
                if (!isSecretValue(val)) {
                    assert.ok(
                        !JSON.stringify(val).includes("PRIVATE KEY") ||
                            (r.type === "pulumi:providers:docker" && k === "sshOpts"),
                        `${r.name}.${k} holds a private key in clear`,
                    );
                }
            }
        }
    });
});
