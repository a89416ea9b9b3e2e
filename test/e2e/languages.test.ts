// The package from other languages on the real engine: examples/python-two-party (up, the PSI job, no-change
// preview, drift repaired by up --refresh, secrets in its state, destroy; bad input stopped at preview with no SSH
// session), examples/yaml-two-party (up and destroy) and examples/go-two-party (the Go SDK generated, up and destroy).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureLab, repoRoot, sshOk } from "../../lab/testing";
import { containerExists, sshLoginsDuring } from "../support/hosts";
import {
    aliceAndBob,
    assertMutualTrust,
    assertNodeRemoved,
    assertPsiOutputs,
    clearNodes,
} from "../support/node-checks";
import { inNode, type Node } from "../support/seed-node";
import { FileBackend, ok, pulumiInstall, Stack, tail } from "../support/pulumi";
import { componentTypes, tokenName } from "../../components/core/typeTokens";
import { packageSchema } from "../../provider/schema";
import {
    goFile,
    goName,
    goTypesFile,
    inputTypeClass,
    pythonModule,
    pythonName,
    pythonTypesModule,
} from "../../provider/sdkNames";

const lab = ensureLab();
const [alice, bob] = aliceAndBob(lab);
const jobId = "psi-two-party";

function hostConfig(n: Node) {
    const h = n.host;
    return { host: h.address, port: h.sshPort, user: h.user, privateKeyPath: h.privateKeyPath, hostKey: h.hostKey };
}

/** A two-party stack of one language's example, from nothing; removed with its backend after. */
function twoPartyStack(language: string, configure: (stack: Stack) => Promise<void>) {
    const program = path.join(repoRoot, "examples", `${language}-two-party`);
    const backend = new FileBackend(`${language}-two-party`);
    const stack = new Stack(backend, program, "e2e");
    before(async () => {
        clearNodes(lab, [alice, bob]);
        pulumiInstall(program, backend);
        await stack.init();
        await configure(stack);
    });
    after(async () => {
        await stack.destroy();
        await stack.remove();
        clearNodes(lab, [alice, bob]);
        backend.remove();
    });
    return stack;
}

/** The config examples/two-party (and the Python and Go ones) read: hosts as JSON objects. */
function hostObjectConfig(project: string) {
    return {
        [`${project}:image`]: lab.image,
        [`${project}:privileged`]: false,
        [`${project}:jobId`]: jobId,
        "alice:host": hostConfig(alice),
        "bob:host": hostConfig(bob),
        "alice:memory": "1G",
        "bob:memory": "1G",
        "alice:gatewayPort": alice.port,
        "bob:gatewayPort": bob.port,
    };
}

/** One declaration of a generated SDK: its text, and the names of the schema it must declare. */
interface Declaration {
    file: string;
    /** Python: the class name; Go: the struct type name. */
    name: string;
    properties: string[];
    /** Python: how an output property is declared (a getter), not an input (a parameter). */
    outputs?: boolean;
}

/** The SDK's declarations of every component's inputs and outputs and every object type's properties. */
function sdkDeclarations(language: "python" | "go"): Declaration[] {
    const schema = packageSchema("0.0.0");
    const componentFile = language === "python" ? pythonModule : goFile;
    const typesFile = language === "python" ? pythonTypesModule : goTypesFile;
    return [
        ...Object.entries(componentTypes).flatMap(([component, token]) => {
            const r = schema.resources[token];
            return [
                {
                    file: componentFile(component),
                    name: `${component}Args`,
                    properties: Object.keys(r.inputProperties),
                },
                {
                    file: componentFile(component),
                    name: component,
                    properties: Object.keys(r.properties),
                    outputs: true,
                },
            ];
        }),
        ...Object.entries(schema.types).map(([token, t]) => ({
            file: typesFile,
            name: inputTypeClass(tokenName(token)),
            properties: Object.keys(t.properties),
        })),
    ];
}

/**
 * The names docs/sdk-reference.md gives that the SDK `pulumi install` generated in `program` lacks: each one looked
 * for in its own class (Python: a parameter, or a getter for an output) or struct (Go: a field).
 */
function namesMissingFromSdk(program: string, language: "python" | "go"): string[] {
    const packageDir = language === "python" ? "pulumi_kuscia" : "kuscia";
    const sdk = path.join(repoRoot, "examples", program, "sdks", "kuscia", packageDir);
    return sdkDeclarations(language).flatMap(d => {
        const text = fs.readFileSync(path.join(sdk, d.file), "utf8");
        const at = text.search(
            new RegExp(language === "python" ? `^class ${d.name}[:(]` : `^type ${d.name} struct \\{`, "m"),
        );
        if (at < 0) return [`${d.name} in ${d.file}`];
        const body = text.slice(at).split(language === "python" ? /\nclass /m : /\n}/)[0];
        const declared = (name: string) =>
            language === "go"
                ? new RegExp(`^\\t${goName(name)} `, "m").test(body)
                : body.includes(d.outputs ? `def ${pythonName(name)}(self)` : ` ${pythonName(name)}: `);
        return d.properties.filter(n => !declared(n)).map(n => `${d.name}.${n} in ${d.file}`);
    });
}

async function assertDeployed(stack: Stack): Promise<void> {
    const out = await stack.outputs();
    assert.equal(out.jobPhase, "Succeeded");
    assert.match(out.trustStatus, /alice -> bob \(.*\): verified: /);
    assert.match(out.trustStatus, /bob -> alice \(.*\): verified: /);
    assertMutualTrust(lab, alice, bob);
    assertPsiOutputs(lab, [alice, bob], jobId);
}

async function destroyLeavesHostsClean(stack: Stack): Promise<void> {
    ok(await stack.destroy());
    assertNodeRemoved(lab, alice, bob);
    assertNodeRemoved(lab, bob, alice);
}

describe("examples/python-two-party on the real engine", { timeout: 30 * 60_000 }, () => {
    const stack = twoPartyStack("python", s => s.setConfig(hostObjectConfig("kuscia-python-two-party")));

    it("the generated Python SDK has every name docs/sdk-reference.md gives", () => {
        assert.deepEqual(namesMissingFromSdk("python-two-party", "python"), []);
    });

    it("bad input stops at preview with the field's message, and no SSH session", async () => {
        await stack.setConfig({ "alice:gatewayPort": 70000 });
        const { result, logins } = await sshLoginsDuring([alice.host, bob.host], () => stack.run(["preview"]));
        await stack.setConfig({ "alice:gatewayPort": alice.port });
        assert.notEqual(result.status, 0, tail(result));
        assert.match(`${result.stdout}\n${result.stderr}`, /alice\.gatewayPort/, tail(result));
        assert.deepEqual(logins, { [alice.host.name]: [], [bob.host.name]: [] }, "the preview logged in");
    });

    it("pulumi up deploys both nodes, trusts both ways and runs the PSI job; secrets stay secret", async () => {
        const up = ok(await stack.up());
        await assertDeployed(stack);
        const out = await stack.outputs();
        assert.equal(out.api, "[secret]");
        const state = ok(await stack.run(["stack", "export"])).stdout;
        const shown = `${up.stdout}\n${up.stderr}\n${state}`;
        assert.ok(!shown.includes("PRIVATE KEY"), "a private key is in the output or the state in clear");
        for (const n of [alice, bob]) {
            const token = inNode(lab, n, "cat etc/certs/token").trim();
            assert.match(token, /^[0-9a-f]{64}$/);
            assert.ok(!shown.includes(token), `${n.id}'s KusciaAPI token is in the output or the state in clear`);
        }
        assert.match(state, /"type": "kuscia:index:HostProbe"/, "the probes are the provider's custom resources");
    });

    it("a preview right after the up plans no change", async () => {
        const preview = await stack.previewExpectingNoChanges();
        assert.equal(preview.status, 0, tail(preview, 80));
    });

    it("a container removed by hand comes back with up --refresh, the job runs again, a refresh keeps secrets", async () => {
        sshOk(lab, alice.host, `docker rm -f ${alice.ctr} >/dev/null`);
        ok(await stack.run(["up", "--yes", "--refresh"]));
        assert.ok(containerExists(lab, alice.host, alice.ctr), "alice's container is not back");
        await assertDeployed(stack);
        // A refresh rewrites the probes' state from what the provider read: the SSH key must stay a secret there.
        ok(await stack.run(["refresh", "--yes"]));
        const state = ok(await stack.run(["stack", "export"])).stdout;
        assert.ok(!state.includes("PRIVATE KEY"), "after a refresh the state holds a private key in clear");
    });

    it("destroy leaves on both hosts no container, volume, certs dir or partner file", async () => {
        await destroyLeavesHostsClean(stack);
    });
});

describe("examples/yaml-two-party on the real engine", { timeout: 30 * 60_000 }, () => {
    // Pulumi YAML's object config is structured config: set field by field.
    const stack = twoPartyStack("yaml", async s => {
        await s.setConfig({ image: lab.image, privileged: false, jobId });
        for (const n of [alice, bob]) {
            for (const [field, value] of Object.entries(hostConfig(n))) {
                ok(await s.run(["config", "set", "--path", `${n.id}.${field}`, "--", String(value)]));
            }
        }
    });

    it("pulumi up deploys, trusts and runs the PSI job; destroy cleans both hosts", async () => {
        ok(await stack.up());
        await assertDeployed(stack);
        await destroyLeavesHostsClean(stack);
    });
});

describe("examples/go-two-party on the real engine", { timeout: 30 * 60_000 }, () => {
    const stack = twoPartyStack("go", s => s.setConfig(hostObjectConfig("kuscia-go-two-party")));

    it("the generated Go SDK has every name docs/sdk-reference.md gives", () => {
        assert.deepEqual(namesMissingFromSdk("go-two-party", "go"), []);
    });

    it("the Go SDK is generated, and pulumi up deploys, trusts and runs the PSI job; destroy cleans both hosts", async () => {
        ok(await stack.up());
        await assertDeployed(stack);
        await destroyLeavesHostsClean(stack);
    });
});
