// Failures through the real engine: bad input refused before any host is touched, a wrong pinned
// host key, an unreachable host, drift repaired by `up --refresh` (cli driver; the docker driver's
// is in docker-driver.test.ts), and an up interrupted half-way.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureLab, repoRoot, sshOk } from "../../lab/testing";
import { containerExists, sshLoginsDuring } from "../support/hosts";
import { assertJoined, assertNodeRemoved, clearNodes } from "../support/node-checks";
import { FileBackend, ok, Stack, tail } from "../support/pulumi";
import { clusterConfig, rootNode, rootStack } from "../support/root-program";
import { blockSsh, type Impostor, impersonateSsh } from "./interference";
import { csrFor, issue, nodeV03 } from "../support/pki";
import { changedSteps } from "./plan";
import { assertRefusedBeforeSsh, describeRefusedConfig } from "./refusals";
import { orgStack } from "./cross-org-stacks";

const lab = ensureLab();
const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describeRefusedConfig(
    lab,
    "bad input is refused at preview, before any SSH session",
    "bad-input",
    clusterConfig([
        rootNode(lab, "e2e-bad", { id: "Alice", host: 0, gatewayPort: 70000 }),
        rootNode(lab, "e2e-bad", { id: "bob", host: 1, gatewayPort: 19281, memory: "lots" }),
    ]),
    [
        "kuscia.nodes[0].domainId 'Alice' must match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$: " +
            "Kuscia makes a Kubernetes namespace of every domain id",
        "kuscia.nodes[0].gatewayPort 70000 must be an integer from 1 to 65535",
        "kuscia.nodes[1].memory 'lots' must be a docker memory size such as 6G, 6GiB, 512M or 1073741824",
    ],
);

describe("a malicious partner handshake is refused before any SSH session", { timeout: 10 * 60_000 }, () => {
    // examples/cross-org as alice (from Pulumi.alice.yaml), reading bob's handshake from a file: each file
    // below is refused by the program before alice's node exists, and an up logs in to no host.
    const backend = new FileBackend("bad-handshake");
    const stack = orgStack(backend, "alice", "e2e-bad-handshake");
    const mailbox = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-kuscia-e2e-bad-handshake-"));
    const file = path.join(mailbox, "bob-handshake.json");
    const block = (label: string, text: string) =>
        `-----BEGIN ${label}-----\n${Buffer.from(text).toString("base64")}\n-----END ${label}-----\n`;
    const real = nodeV03("bob");
    const bob = { domainId: "bob", endpoint: "10.213.0.12:8082", csrPem: real.csrPem, caCertPem: real.caCertPem };
    const endpointRule = "must be HOST:PORT, HOST an IPv4 address or a DNS name (RFC 1123) and PORT from 1 to 65535";
    const carol = nodeV03("carol");
    const cases: [string, Record<string, unknown>, string][] = [
        [
            "a sed command in the endpoint",
            { endpoint: "x/;etouch${IFS}/tmp/p;#:1080" },
            `handshake file ${file}.endpoint ${endpointRule}`,
        ],
        [
            "shell in the domain id",
            { domainId: "bob;reboot" },
            `handshake file ${file}.domainId 'bob;reboot' must match`,
        ],
        [
            "a private key",
            { caCertPem: block("RSA PRIVATE KEY", "key") },
            `handshake file ${file} contains a private key: a handshake must hold public material only`,
        ],
        [
            "a certificate issued to someone else",
            { issuedTo: "erin", issuedCertPem: issue("bob", csrFor("erin", "erin")) },
            `handshake file ${file}.issuedCertPem was issued to 'erin', not to 'alice'`,
        ],
        [
            "a certificate for alice that bob's CA did not sign",
            { issuedTo: "alice", issuedCertPem: issue("carol", csrFor("alice", "alice")) },
            `handshake file ${file}.issuedCertPem is not signed by the handshake's caCertPem: ` +
                "a certificate the partner did not issue",
        ],
        [
            "another partner's handshake (carol's, for alice, who names bob)",
            { domainId: "carol", csrPem: carol.csrPem, caCertPem: carol.caCertPem },
            `handshake file ${file}.domainId is 'carol', but the partner named for it is 'bob': ` +
                "refusing a handshake that claims another partner's domain id",
        ],
    ];
    before(async () => {
        await stack.init();
        const h = lab.hosts[0];
        await stack.setConfig({
            host: {
                host: h.address,
                port: h.sshPort,
                user: h.user,
                privateKeyPath: h.privateKeyPath,
                hostKey: h.hostKey,
            },
            image: lab.image,
            privileged: false,
            peerFile: file,
        });
    });
    after(async () => {
        await stack.remove();
        backend.remove();
        fs.rmSync(mailbox, { recursive: true, force: true });
    });

    for (const [title, over, message] of cases) {
        it(`${title}: pulumi up names it and logs in nowhere`, async () => {
            fs.writeFileSync(file, JSON.stringify({ ...bob, ...over }));
            await assertRefusedBeforeSsh(lab, stack, ["up", "--yes"], [message]);
        });
    }
});

describe(
    "a computed argument that breaks its rule stops the up before any remote step",
    { timeout: 10 * 60_000 },
    () => {
        // test/e2e/programs/computed-args: the container name and root dir are secret config, so outputs.
        const host = lab.hosts[4];
        const backend = new FileBackend("computed-args");
        const stack = new Stack(backend, path.join(repoRoot, "test/e2e/programs/computed-args"), "e2e-computed-args");
        const rootDir = `${host.home}/e2e-computed`;
        before(async () => {
            await stack.init();
            await stack.setConfig({
                host: {
                    host: host.address,
                    port: host.sshPort,
                    user: host.user,
                    privateKeyPath: host.privateKeyPath,
                    hostKey: host.hostKey,
                },
                image: lab.image,
                rootDir,
            });
            ok(await stack.run(["config", "set", "--secret", "containerName", "--", "../../etc"]));
        });
        after(async () => {
            await stack.destroy();
            await stack.remove();
            backend.remove();
        });

        it("pulumi up names the value's rule, logs in nowhere and leaves no remote step in the state", async () => {
            const { result: up, logins } = await sshLoginsDuring([host], () => stack.up());
            assert.notEqual(up.status, 0, tail(up));
            // A secret value: the engine shows it masked in the message.
            assert.match(
                output(up),
                /carl.containerName '\[secret\]' must match \[a-zA-Z0-9\]\[a-zA-Z0-9_.-\]\* \(a docker container name\)/,
                tail(up),
            );
            assert.ok(!output(up).includes("../../etc"), "the secret value is not shown");
            assert.deepEqual(logins[host.name], [], "no SSH session on the host");
            const types =
                JSON.parse(ok(await stack.run(["stack", "export"])).stdout).deployment.resources?.map(
                    (r: { type: string }) => r.type,
                ) ?? [];
            assert.deepEqual(
                types.filter((t: string) => /^(command:remote|docker):/.test(t)),
                [],
                "no remote command, copy or container was made",
            );
            assert.equal(
                sshOk(lab, host, `test -e ${rootDir} && echo yes || echo no`).trim(),
                "no",
                "nothing was written on the host",
            );
        });

        it("with a good value the same program plans its steps (a preview, no SSH session)", async () => {
            ok(await stack.run(["config", "set", "--secret", "containerName", "--", "e2e-computed-carl"]));
            const { result: preview, logins } = await sshLoginsDuring([host], () => stack.run(["preview"]));
            ok(preview);
            assert.match(preview.stdout, /carl-container/, tail(preview));
            assert.deepEqual(logins[host.name], []);
        });
    },
);

describe(
    "SSH host keys are pinned on every path: steps, the docker driver, the probes",
    { timeout: 15 * 60_000 },
    () => {
        const nodes = [
            rootNode(lab, "e2e-hostkey", { id: "alice", host: 0, gatewayPort: 19381, containerDriver: "cli" }),
            rootNode(lab, "e2e-hostkey", { id: "bob", host: 1, gatewayPort: 19382 }),
        ];
        const backend = new FileBackend("hostkey");
        const stack = rootStack(backend, "e2e-hostkey");
        const swapped = () => [
            { ...nodes[0].config, hostKey: lab.hosts[1].hostKey },
            { ...nodes[1].config, hostKey: lab.hosts[0].hostKey },
        ];
        const impostors: Impostor[] = [];
        before(async () => {
            clearNodes(lab, nodes);
            await stack.init();
            await stack.setConfig({ "kuscia:nodes": swapped() });
        });
        after(async () => {
            impostors.forEach(i => i.stop());
            await stack.setConfig(clusterConfig(nodes));
            await stack.destroy();
            await stack.remove();
            clearNodes(lab, nodes);
            backend.remove();
        });

        it("a first up with the other host's key pinned fails on both hosts, naming each, and starts nothing", async () => {
            const up = await stack.up();
            assert.notEqual(up.status, 0);
            assert.match(output(up), /alice-[a-z-]+[\s\S]*?(key mismatch|host key)/i, tail(up));
            assert.match(output(up), /bob-[a-z-]+[\s\S]*?Host key verification failed/, tail(up, 80));
            for (const [i, n] of nodes.entries()) {
                assert.ok(output(up).includes(lab.hosts[i].address), tail(up));
                assert.equal(containerExists(lab, n.host, n.ctr), false, `${n.id}'s container was not started`);
            }
        });

        it(
            "with the right keys the up converges; an impostor at both addresses then gets no login " +
                "from a refresh",
            async () => {
                await stack.setConfig(clusterConfig(nodes));
                ok(await stack.up());
                impostors.push(impersonateSsh(nodes[0].host), impersonateSsh(nodes[1].host));
                const refresh = await stack.run(["refresh", "--yes"]);
                impostors.forEach(i => i.stop());
                assert.notEqual(refresh.status, 0, tail(refresh));
                assert.match(
                    output(refresh),
                    /refresh of the probe on op1@10\.213\.0\.11:22 failed: .*(Host denied|verification failed)/i,
                    tail(refresh, 80),
                );
                assert.match(
                    output(refresh),
                    /Host key verification failed/,
                    `bob's docker container refresh: ${tail(refresh, 80)}`,
                );
                assert.deepEqual(
                    impostors.flatMap(i => i.acceptedLogins()),
                    [],
                    "the impostors were never logged in to",
                );
                ok(await stack.run(["refresh", "--yes"]));
            },
        );
    },
);

describe("cli driver: an unreachable host, drift, an interrupted up", { timeout: 40 * 60_000 }, () => {
    const [frank, gina] = [
        rootNode(lab, "e2e-fail", {
            id: "frank",
            host: 2,
            gatewayPort: 19481,
            containerDriver: "cli",
            identity: "host",
        }),
        rootNode(lab, "e2e-fail", { id: "gina", host: 3, gatewayPort: 19482, containerDriver: "cli" }),
    ];
    const backend = new FileBackend("failures");
    const stack = rootStack(backend, "e2e-failures");
    let unblock: (() => void) | undefined;

    before(async () => {
        clearNodes(lab, [frank, gina]);
        await stack.init();
        await stack.setConfig(clusterConfig([frank, gina]));
    });
    after(async () => {
        unblock?.();
        await stack.destroy();
        await stack.remove();
        clearNodes(lab, [frank, gina]);
        backend.remove();
    });

    it("an up while gina's host is unreachable names host and step, and leaves frank's node up", async () => {
        unblock = blockSsh(gina.host);
        const up = await stack.up();
        assert.notEqual(up.status, 0, tail(up));
        assert.match(
            output(up),
            new RegExp(`gina-[a-z-]+[\\s\\S]*${gina.host.address.replace(/\./g, "\\.")}:22`),
            tail(up),
        );
        assert.ok(containerExists(lab, frank.host, frank.ctr), "frank's container runs");
        unblock();
        unblock = undefined;
    });

    it("once the host is back, an up converges: both directions verified", async () => {
        ok(await stack.up());
        assertJoined(lab, frank, gina);
        assertJoined(lab, gina, frank);
    });

    it("a container removed by hand comes back with up --refresh, and its pairs re-verify", async () => {
        sshOk(lab, frank.host, `docker rm -f ${frank.ctr} >/dev/null`);
        ok(await stack.run(["up", "--yes", "--refresh"]));
        assertJoined(lab, frank, gina);
        assertJoined(lab, gina, frank);
    });

    it("a rebuilt host (container, volume, dirs and network gone) comes back with up --refresh", async () => {
        clearNodes(lab, [gina]); // what a rebuilt host has lost: container, volume, dirs, the unused network
        ok(await stack.run(["up", "--yes", "--refresh"]));
        assertJoined(lab, frank, gina);
        assertJoined(lab, gina, frank);
    });

    it("a plain up after that opens no SSH session and changes nothing", async () => {
        const { result, logins } = await sshLoginsDuring([frank.host, gina.host], () =>
            stack.run(["up", "--yes", "--expect-no-changes"]),
        );
        ok(result);
        assert.deepEqual(logins, { [frank.host.name]: [], [gina.host.name]: [] }, tail(result));
    });

    it(
        "with the cli driver, a memory change re-creates gina's container and re-runs her readiness " +
            "and every step of the pair",
        async () => {
            const before = sshOk(lab, gina.host, `docker inspect -f '{{.Id}}' ${gina.ctr}`).trim();
            gina.config.memory = "1536M";
            await stack.setConfig(clusterConfig([frank, gina]));
            const changes = await changedSteps(stack);
            const op = (name: string) => changes.find(c => c.name === name)?.op;
            for (const name of [
                "kuscia-gina-container",
                "kuscia-gina-ready",
                "kuscia-gina-app-image",
                "kuscia-frank-gina-gina-grants-and-joins-frank",
            ]) {
                assert.equal(op(name), "replace", `${name}: ${JSON.stringify(changes)}`);
            }
            assert.ok(
                ["update", "replace"].includes(op("kuscia-frank-gina-frank-joins-gina") ?? ""),
                `frank does not join gina again: ${JSON.stringify(changes)}`,
            );
            assert.equal(op("kuscia-frank-gina-frank-grants-gina"), undefined, "frank's grant of gina stands");
            assert.deepEqual(
                changes.filter(c => /kuscia-frank-(container|ready)$/.test(c.name)),
                [],
                "frank's node is untouched",
            );
            ok(await stack.up());
            assert.notEqual(
                sshOk(lab, gina.host, `docker inspect -f '{{.Id}}' ${gina.ctr}`).trim(),
                before,
                "gina's container is new",
            );
            assert.equal(
                sshOk(lab, gina.host, `docker inspect -f '{{.HostConfig.Memory}}' ${gina.ctr}`).trim(),
                String(1536 * 1024 * 1024),
            );
            assertJoined(lab, frank, gina);
            assertJoined(lab, gina, frank);
        },
    );

    it(
        "an up interrupted with SIGINT half-way is followed by an up that converges, " + "and destroy leaves nothing",
        async () => {
            ok(await stack.destroy());
            const interrupted = await stack.run(
                ["up", "--yes"],
                undefined,
                /creating.*(frank|gina)-ready|(frank|gina)-ready.*creating/i,
            );
            assert.ok(
                interrupted.stderr.includes("[e2e] SIGINT sent"),
                `the up ended before the point to interrupt it:\n${tail(interrupted)}`,
            );
            assert.notEqual(interrupted.status, 0, `the up was not interrupted:\n${tail(interrupted)}`);
            ok(await stack.up());
            assertJoined(lab, frank, gina);
            assertJoined(lab, gina, frank);
        },
    );

    it(
        "a readiness timeout that runs out names the node and what it waited for; " + "the next up finishes the node",
        async () => {
            ok(await stack.destroy());
            // Too little memory for the node's daemon: killed as it starts, it never lists its gateway.
            frank.config.readyTimeoutSeconds = 15;
            frank.config.memory = "24M";
            await stack.setConfig(clusterConfig([frank, gina]));
            const up = await stack.up();
            assert.notEqual(up.status, 0, tail(up));
            assert.match(
                output(up),
                new RegExp(
                    `kuscia-frank-ready[\\s\\S]*node frank \\(${frank.ctr}\\) on \\S+ did not list its gateway within 15s`,
                ),
                tail(up, 80),
            );
            delete frank.config.readyTimeoutSeconds;
            frank.config.memory = "1G";
            await stack.setConfig(clusterConfig([frank, gina]));
            ok(await stack.up());
            assertJoined(lab, frank, gina);
            assertJoined(lab, gina, frank);
            ok(await stack.destroy());
            assertNodeRemoved(lab, frank, gina);
            assertNodeRemoved(lab, gina, frank);
        },
    );
});
