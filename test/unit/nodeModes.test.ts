import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { named, plain, resolve, settle, childrenOf, isSecretValue, pem } from "./harness";
import * as kuscia from "../../components";

const connection = { host: "10.213.0.12", user: "op2", privateKey: "k", proxy: undefined };

describe("KusciaAutonomyNode, identity host, cli driver", () => {
    let node: kuscia.KusciaAutonomyNode;
    before(async () => {
        node = new kuscia.KusciaAutonomyNode("bob", {
            domainId: "bob", connection, gatewayPort: 8082, identity: "host", containerDriver: "cli",
            image: "registry.test/kuscia:0.3", rootDir: "/srv/kuscia/", memory: "512m", demoData: true,
            secretflowImage: "registry.test:5000/secretflow/secretflow-lite:1.1.0b0",
        });
        await resolve(node.api);
        await settle();
    });

    it("creates no tls or docker resources: keys are made on the host and the CLI runs the container", () => {
        assert.deepEqual(childrenOf("bob-").map(r => `${r.type} ${r.name}`).sort(), [
            "command:remote:Command bob-api-credentials",
            "command:remote:Command bob-app-image",
            "command:remote:Command bob-container",
            "command:remote:Command bob-demo-data",
            "command:remote:Command bob-identity",
            "command:remote:Command bob-network",
            "command:remote:Command bob-ready",
            "pulumi-nodejs:dynamic:Resource bob-container-probe",
            "pulumi-nodejs:dynamic:Resource bob-host-probe",
        ]);
    });

    it("makes the identity on the host with the image's init scripts and reads back the public part", async () => {
        const step = named("bob-identity");
        assert.ok(plain(step.inputs.create).endsWith(
            " 'kuscia-host-identity' 'registry.test/kuscia:0.3' '/srv/kuscia/kuscia-autonomy-bob-certs' '/srv/kuscia/kuscia-autonomy-bob-data' 'bob' '10.213.0.12' 'op2-kuscia-autonomy-bob'"));
        assert.equal(step.inputs.stdin, undefined);
        assert.equal((await resolve(node.csrPem)).value, pem("CERTIFICATE REQUEST", "host-csr-bob-identity"));
        assert.equal((await resolve(node.caCertPem)).value, pem("CERTIFICATE", "host-ca-bob-identity"));
        const creds = named("bob-api-credentials");
        assert.ok(creds.additionalSecretOutputs.includes("stdout"), creds.additionalSecretOutputs.join());
        const api = await resolve(node.api);
        assert.equal(api.secret, true);
        assert.equal(api.value.token, "tok-123");
        assert.equal(api.value.clientKeyPem, pem("RSA PRIVATE KEY", "api-key-bob-api-credentials"));
    });

    it("runs the container with the CLI script, recreating it on config change and removing it on delete", () => {
        const c = named("bob-container");
        const create: string = plain(c.inputs.create);
        const args = create.slice(create.indexOf("'kuscia-run-container'"));
        assert.match(args, /^'kuscia-run-container' 'op2-kuscia-autonomy-bob' 'registry.test\/kuscia:0.3' 'bob' '\/srv\/kuscia\/kuscia-autonomy-bob-certs' '\/srv\/kuscia\/kuscia-autonomy-bob-data' 'kuscia-exchange' '8082' '13082' '13083' '512m' 'true' '[0-9a-f]{16}'$/);
        assert.ok(plain(c.inputs.delete).endsWith(" 'kuscia-remove-container' 'op2-kuscia-autonomy-bob'"));
        assert.equal(c.deleteBeforeReplace, true);
        assert.deepEqual(c.inputs.triggers, ["10.213.0.12:22", "op2-kuscia-autonomy-bob", "epoch-of-bob-container-probe"],
            "a container the probe found missing on refresh is made again");
        assert.ok(c.dependencies.includes(named("bob-identity").urn));
        assert.ok(c.dependencies.includes(named("bob-network").urn));
    });

    it("probes, on refresh only, the container's configuration and the node's dirs", () => {
        const probe = named("bob-container-probe");
        assert.ok(isSecretValue(probe.inputs.connection), "the probe's connection (with the key) is secret");
        assert.match(plain(probe.inputs.check), / 'kuscia-probe-container' 'op2-kuscia-autonomy-bob' '[0-9a-f]{16}'$/);
        assert.ok(plain(named("bob-host-probe").inputs.check).endsWith(
            " 'kuscia-probe-host' '/srv/kuscia/kuscia-autonomy-bob-certs' '/srv/kuscia/kuscia-autonomy-bob-data' 'kuscia-exchange'"));
        assert.ok(named("bob-identity").inputs.triggers.includes("epoch-of-bob-host-probe"), "a wiped host gets its identity again");
        assert.ok(named("bob-network").inputs.triggers.includes("epoch-of-bob-host-probe"), "and its network");
    });

    it("registers the SecretFlow app image after the node is ready", () => {
        const d = named("bob-app-image");
        assert.ok(d.dependencies.includes(named("bob-ready").urn));
        assert.ok(plain(d.inputs.create).endsWith(" 'kuscia-register-app-image' 'op2-kuscia-autonomy-bob' 'registry.test:5000/secretflow/secretflow-lite:1.1.0b0'"));
    });

    it("imports the demo data after the node is ready", () => {
        const d = named("bob-demo-data");
        assert.ok(d.dependencies.includes(named("bob-ready").urn));
        assert.ok(plain(d.inputs.create).endsWith(" 'kuscia-import-demo-data' 'op2-kuscia-autonomy-bob' 'bob'"));
    });
});
