// Kuscia 1.1 (token trust) on the real engine and the lab's 1.1 simulator: the root program's
// two-node and three-node clusters (remove a node: its partners revoke it), and examples/cross-org
// across two organisations' stacks; assertions on the hosts (containers as kuscia.sh runs them,
// ClusterDomainRoutes Ready, partner Domains, refusals above TLS), no SSH on no-op runs, and destroy.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureLab, q, sshOk } from "../../lab/testing";
import { inNode, tryInNode } from "../support/seed-node";
import { kusciaObjects, sshLoginsDuring } from "../support/hosts";
import {
    assertAppImage,
    assertKusciaShContainer,
    assertNodeV11Removed,
    assertPsiOutputsV11,
    assertRefusedAboveTls,
    assertRouteReady,
    clearNodeV11,
    gatewayScheme,
    nodeV11,
    type NodeV11,
    objectField,
    partnerDomains,
    rootStackOf,
} from "../support/v11-nodes";
import { holdsKeyBody, privateKeyBodies } from "./pem";
import { FileBackend, ok, type Stack, tail } from "../support/pulumi";
import { domainCert, nodeV03, opensslFingerprint } from "../support/pki";
import { assertRefusedBeforeSsh, describeRefusedConfig } from "./refusals";
import { type ReverseProxy, reverseProxy } from "./reverse-proxy";
import { blockPublishedPort } from "./interference";
import { urnOf } from "./plan";
import { orgStack } from "./cross-org-stacks";

const lab = ensureLab();
const pairs = (nodes: NodeV11[]) => nodes.flatMap(a => nodes.filter(b => b !== a).map(b => [a, b] as const));

describe(
    "Kuscia 1.1: two nodes of the root program (alice stack/cli NOTLS, bob host/docker with a SecretFlow image " +
        "behind an nginx on a path), the PSI job from bob",
    { timeout: 30 * 60_000 },
    () => {
        // A stand-in SecretFlow image in the lab's registry, absent from bob's host: his app-image step pulls and loads
        // it.
        const secretflowImage = `${lab.image11.split("/")[0]}/secretflow/secretflow-lite-anolis8:e2e`;
        // bob's gateway is reached through a reverse proxy on his host, under /kuscia/: partners know only the proxy's
        // URL.
        const proxyUrl = `http://${lab.hosts[1].address}:21490/kuscia/`;
        const nodes = [
            nodeV11(lab, "e2e-v11", "alice", 0, 21080, { containerDriver: "cli", demoData: true, protocol: "NOTLS" }),
            nodeV11(lab, "e2e-v11", "bob", 1, 21090, {
                identity: "host",
                demoData: true,
                secretflowImage,
                publicEndpoint: proxyUrl,
            }),
        ];
        const [alice, bob] = nodes;
        const stack = rootStackOf(lab, "v11-pair", nodes, {
            "kuscia:exampleJobFrom": "bob",
            "kuscia:exampleJobId": "psi-v11",
        });
        let deployed = false;
        const dropStandIn = () => sshOk(lab, bob.host, `docker rmi ${q(secretflowImage)} >/dev/null 2>&1 || true`);
        let proxy: ReverseProxy | undefined;
        before(async () => {
            sshOk(
                lab,
                bob.host,
                `docker tag ${q(lab.image11)} ${q(secretflowImage)} && docker push -q ${q(secretflowImage)} >/dev/null`,
            );
            dropStandIn();
            proxy = await reverseProxy(bob.host, 21490, "/kuscia/", `https://${bob.host.address}:${bob.port}`);
            assert.equal(proxy.url, proxyUrl);
        });
        after(() => {
            dropStandIn();
            proxy?.stop();
        });

        it("pulumi up starts both nodes as kuscia.sh does and verifies both directions, printing no secret", async () => {
            const up = ok(await stack.up());
            deployed = true;
            const out = await stack.outputs();
            assert.deepEqual(out.endpoints, {
                alice: `${alice.host.address}:${alice.port}`,
                bob: `${bob.host.address}:21490`,
            });
            assert.equal(out.exampleJobPhase, "Succeeded");
            const shown = `${up.stdout}\n${up.stderr}`;
            assert.match(
                shown,
                /alice -> bob \(10\.213\.0\.12:21490\): verified: bob answered alice's token handshake/,
            );
            assert.match(
                shown,
                /bob -> alice \(10\.213\.0\.11:21080\): verified: alice answered bob's token handshake/,
            );
            assert.ok(!shown.includes("PRIVATE KEY"), "the up printed a private key");
            const token = inNode(lab, bob, "cat var/certs/token").trim();
            assert.match(token, /^\S{32}$/);
            assert.ok(!shown.includes(token), "the up printed bob's KusciaAPI token");
        });

        it("on the hosts: the containers as kuscia.sh runs them, each partner added and each route Ready", t => {
            if (!deployed) return t.skip("the up failed");
            for (const n of nodes) assertKusciaShContainer(lab, n);
            for (const [a, b] of pairs(nodes)) {
                assertRouteReady(lab, a, b);
                assertRefusedAboveTls(lab, a, b);
            }
            // alice is NOTLS: her config says so, her KusciaAPI takes plain HTTP without a token, and she has none.
            assert.match(
                sshOk(lab, alice.host, `cat ${q(`${alice.certs}/kuscia.yaml`)}`),
                /\nlogLevel: INFO\nprotocol: NOTLS\n/,
            );
            assert.equal(
                tryInNode(lab, alice, "test -e var/certs/token").status,
                1,
                "a NOTLS node has no KusciaAPI token",
            );
            const apiReply = sshOk(
                lab,
                alice.host,
                `curl -sS --max-time 20 -H 'Content-Type: application/json' ` +
                    `-d '{"domain_id":"alice"}' http://127.0.0.1:${alice.port + 1}/api/v1/domain/query`,
            );
            assert.match(apiReply, /"domain_id":\s*"alice"/, apiReply);
            // The AppImage on both: bob's names his SecretFlow image, loaded into his node; alice's kuscia.sh's default
            // image.
            assertAppImage(lab, bob, secretflowImage);
            assertAppImage(
                lab,
                alice,
                "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.11.0b1",
            );
            const listed = inNode(lab, bob, "kuscia image list")
                .trim()
                .split("\n")
                .slice(1)
                .map(l => l.split(/\s+/).slice(0, 2).join(":"));
            assert.ok(listed.includes(secretflowImage), `kuscia image list on bob: ${listed.join(", ")}`);
            assert.equal(
                sshOk(lab, bob.host, `ls -A ${q(`${bob.work}/images`)}`).trim(),
                "",
                "the archive loaded is removed",
            );
            // alice's demo data: the image's tables in her data dir, registered as Kuscia 1.1's deploy_p2p_cn.md does.
            for (const table of ["alice", "bob"]) {
                assert.equal(
                    sshOk(lab, alice.host, `cat ${alice.data}/${table}.csv`),
                    sshOk(
                        lab,
                        alice.host,
                        `docker run --rm --entrypoint cat ${lab.image11} var/storage/data/${table}.csv`,
                    ),
                );
            }
            assert.deepEqual(kusciaObjects(lab, alice, "domaindata", alice.id).sort(), ["alice-table", "bob-table"]);
            for (const table of ["alice", "bob"]) {
                const spec = inNode(
                    lab,
                    alice,
                    `kubectl get domaindata ${table}-table -n alice -o 'jsonpath={.spec.dataSource} {.spec.relativeURI}'`,
                ).trim();
                assert.equal(spec, `default-data-source ${table}.csv`);
            }
            // The job from bob, with alice: each granted the other its table, then bob's KusciaJob in cross-domain.
            assertPsiOutputsV11(lab, [bob, alice], "psi-v11");
            // The initiator takes the image's first demo table (alice-table), the partner the second.
            assert.deepEqual(kusciaObjects(lab, bob, "domaindatagrant", "bob"), ["alice-table-alice"]);
            assert.deepEqual(kusciaObjects(lab, alice, "domaindatagrant", "alice"), ["bob-table-bob"]);
            // alice reaches bob only through the proxy: her route names its URL, and the handshake and the job's
            // traffic went through it.
            const port = JSON.parse(inNode(lab, alice, "kubectl get cdr alice-bob -o json")).spec.endpoint;
            assert.deepEqual(
                [port.host, port.ports[0].port, port.ports[0].pathPrefix, port.ports[0].isTLS],
                [bob.host.address, 21490, "/kuscia/", false],
            );
            const through = proxy!.requests();
            assert.ok(through.includes("/kuscia/handshake"), `the proxy saw: ${through.slice(0, 20).join(" ")}`);
            assert.ok(
                through.some(p => p.startsWith("/kuscia/") && p !== "/kuscia/handshake"),
                `no partner traffic through the proxy: ${through.slice(0, 20).join(" ")}`,
            );
            // What was exchanged is each node's own domain.crt: the public key its config holds.
            for (const [a, b] of pairs(nodes)) {
                assert.equal(
                    inNode(lab, a, `cat var/certs/${b.id}.domain.crt`),
                    inNode(lab, b, "cat var/certs/domain.crt"),
                    `${a.id} holds ${b.id}'s domain.crt`,
                );
            }
        });

        it("a preview plans no change and a second up opens no SSH session", async t => {
            if (!deployed) return t.skip("the up failed");
            const preview = await stack.previewExpectingNoChanges();
            assert.equal(preview.status, 0, tail(preview, 60));
            const { result, logins } = await sshLoginsDuring(
                nodes.map(n => n.host),
                () => stack.up(),
            );
            ok(result);
            assert.deepEqual(
                logins,
                { [alice.host.name]: [], [bob.host.name]: [] },
                `the second up logged in:\n${tail(result, 30)}`,
            );
        });

        it("a job whose AppImage is gone on its initiator fails the up with its task's reason", async t => {
            if (!deployed) return t.skip("the up failed");
            inNode(lab, bob, "kubectl delete appimage secretflow-image");
            await stack.setConfig({ "kuscia:exampleJobId": "psi-v11-2" });
            const up = await stack.up();
            assert.notEqual(up.status, 0, tail(up));
            const failed = JSON.parse(inNode(lab, bob, "kubectl get kj psi-v11-2 -n cross-domain -o json"));
            assert.equal(failed.status.phase, "Failed");
            const task = String(failed.spec.tasks[0].taskID);
            assert.match(
                `${up.stdout}\n${up.stderr}`,
                new RegExp(
                    `job psi-v11-2 failed: (.+; )?task ${task}: KusciaTask failed after 3x retry, last error: ` +
                        `failed to build domain bob kit info, failed to get appImage "secretflow-image" from cache`,
                ),
                tail(up),
            );
        });

        it("destroy leaves no container, volume, config or Kuscia store on either host", async t => {
            if (!deployed) return t.skip("the up failed");
            ok(await stack.destroy());
            deployed = false;
            nodes.forEach(n => assertNodeV11Removed(lab, n));
        });
    },
);

describe(
    "Kuscia 1.1: a three-node mesh of the root program (protocols default, TLS, MTLS), then one node removed",
    { timeout: 30 * 60_000 },
    () => {
        const protocols = [undefined, "TLS", "MTLS"];
        const nodes = ["alice", "bob", "carol"].map((id, i) =>
            nodeV11(lab, "e2e-v11m", id, i, 22080 + 10 * i, {
                ...(i === 2 ? { containerDriver: "cli" } : {}),
                ...(protocols[i] ? { protocol: protocols[i] } : {}),
            }),
        );
        const [alice, bob, carol] = nodes;
        // A verify gives up after 60 s here, so that the failures below are met in a minute.
        const stack = rootStackOf(lab, "v11-mesh", nodes, { "kuscia:verifyTimeoutSeconds": "60" });
        let deployed = false;

        it("pulumi up makes all six routes Ready", async () => {
            ok(await stack.up());
            deployed = true;
            for (const [a, b] of pairs(nodes)) assertRouteReady(lab, a, b);
            for (const n of nodes) {
                assert.deepEqual(
                    partnerDomains(lab, n),
                    nodes
                        .filter(o => o !== n)
                        .map(o => o.id)
                        .sort(),
                );
            }
            nodes.forEach((n, i) => {
                const line = sshOk(lab, n.host, `grep '^protocol:' ${q(`${n.certs}/kuscia.yaml`)} || true`).trim();
                assert.equal(line, protocols[i] ? `protocol: ${protocols[i]}` : "", `${n.id}'s config`);
            });
        });

        it(
            "each node's api output works from this machine, verifying KusciaAPI's certificate for the host's " +
                "address",
            async t => {
                if (!deployed) return t.skip("the up failed");
                const apis = (await stack.outputs(true)).apis as Record<
                    string,
                    { endpoint: string; caCertPem: string; clientCertPem: string; clientKeyPem: string; token: string }
                >;
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-kuscia-e2e-api-"));
                try {
                    for (const n of nodes) {
                        const api = apis[n.id];
                        assert.equal(api.endpoint, `https://${n.host.address}:${n.port + 1}`);
                        const file = (name: string, text: string) => (
                            fs.writeFileSync(path.join(dir, name), text, { mode: 0o600 }),
                            path.join(dir, name)
                        );
                        const r = spawnSync(
                            "curl",
                            [
                                "-sS",
                                "--max-time",
                                "20",
                                "--cacert",
                                file("ca.crt", api.caCertPem),
                                "--cert",
                                file("client.crt", api.clientCertPem),
                                "--key",
                                file("client.key", api.clientKeyPem),
                                "-H",
                                "@-",
                                "-H",
                                "Content-Type: application/json",
                                "-d",
                                JSON.stringify({ domain_id: n.id }),
                                `${api.endpoint}/api/v1/domain/query`,
                            ],
                            { input: `Token: ${api.token}\n`, encoding: "utf8" },
                        );
                        assert.equal(r.status, 0, `${n.id}: curl ${r.status}: ${r.stderr}`);
                        assert.match(r.stdout, new RegExp(`"domain_id":\\s*"${n.id}"`), r.stdout);
                    }
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            },
        );

        it(
            "verify failures as Kuscia reports them: a partner that dropped us (DestinationIsNotAuthrized), " +
                "a firewall (DestinationUnreachable)",
            async t => {
                if (!deployed) return t.skip("the up failed");
                const rerun = async (...names: string[]) =>
                    stack.run([
                        "up",
                        "--yes",
                        ...(await Promise.all(names.map(n => urnOf(stack, n)))).flatMap(u => ["--replace", u]),
                    ]);
                const readiness = (n: NodeV11, cdr: string) =>
                    objectField(
                        lab,
                        n,
                        "cdr",
                        cdr,
                        '{.status.conditions[?(@.type=="Ready")].status} {.status.conditions[?(@.type=="Ready")].reason}',
                    );
                const until = async (what: string, holds: () => boolean, seconds: number) => {
                    for (
                        const end = Date.now() + seconds * 1000;
                        !holds();
                        await new Promise(r => setTimeout(r, 2000))
                    ) {
                        if (Date.now() > end) throw new Error(`${what} after ${seconds}s`);
                    }
                };
                // bob deletes alice's Domain (a revoke by hand): his gateway refuses her token; her handshakes then
                // fail.
                inNode(lab, bob, "kubectl delete domain alice");
                await until(
                    "alice -> bob still Ready",
                    () => readiness(alice, "alice-bob") === "False DestinationIsNotAuthrized",
                    90,
                );
                const dropped = await rerun("kuscia-alice-bob-alice-verifies-bob");
                assert.notEqual(dropped.status, 0, tail(dropped));
                assert.match(
                    `${dropped.stdout}\n${dropped.stderr}`,
                    new RegExp(
                        String.raw`alice -> bob \(10\.213\.0\.12:22090\): not Ready after 60s ` +
                            String.raw`\(ClusterDomainRoute alice-bob: DestinationIsNotAuthrized[^)]*\)\. ` +
                            String.raw`Kuscia reports two causes alike: bob has not added alice ` +
                            String.raw`\(on bob: add_domain\.sh alice p2p with alice's domain\.crt\), ` +
                            String.raw`or \S+ cannot reach bob's gateway at 10\.213\.0\.12:22090`,
                    ),
                    tail(dropped, 60),
                );
                assert.match(
                    `${dropped.stdout}\n${dropped.stderr}`,
                    new RegExp(
                        String.raw`waiting for ClusterDomainRoute alice-bob to be Ready \(DestinationIsNotAuthrized, \d+s of 60s\); ` +
                            String.raw`asked alice's gateway to handshake again`,
                    ),
                    "progress lines while it waits",
                );
                ok(
                    await rerun(
                        "kuscia-alice-bob-bob-adds-joins-and-verifies-alice",
                        "kuscia-alice-bob-alice-verifies-bob",
                    ),
                );
                assertRouteReady(lab, alice, bob);
                // A firewall in front of carol's gateway, on a route that worked: Kuscia marks it unreachable after 45
                // s without an answer.
                const unblock = blockPublishedPort(carol.host, carol.port);
                try {
                    await until(
                        "alice -> carol not unreachable",
                        () => readiness(alice, "alice-carol") === "False DestinationUnreachable",
                        120,
                    );
                    const unreachable = await rerun("kuscia-alice-carol-alice-verifies-carol");
                    assert.notEqual(unreachable.status, 0, tail(unreachable));
                    assert.match(
                        `${unreachable.stdout}\n${unreachable.stderr}`,
                        new RegExp(
                            String.raw`alice -> carol \(10\.213\.0\.13:22100\): unreachable ` +
                                String.raw`\(ClusterDomainRoute alice-carol not Ready: DestinationUnreachable[^)]*\)\. ` +
                                String.raw`Check carol's endpoint, its scheme, that its gateway port is published ` +
                                String.raw`and that the firewall lets \S+ reach it\.`,
                        ),
                        tail(unreachable, 60),
                    );
                } finally {
                    unblock();
                }
                ok(await rerun("kuscia-alice-carol-alice-verifies-carol"));
                assertRouteReady(lab, alice, carol);
            },
        );

        it("removing carol from the config revokes her on alice and bob and leaves their own pair as it was", async t => {
            if (!deployed) return t.skip("the up failed");
            await stack.setConfig({ "kuscia:nodes": [alice.config, bob.config] });
            const up = ok(await stack.up());
            assert.doesNotMatch(
                up.stdout,
                /kuscia-alice-bob-\S+ +(creating|updating|replacing|deleting)/,
                `the alice-bob pair changed:\n${tail(up, 40)}`,
            );
            assertNodeV11Removed(lab, carol);
            for (const n of [alice, bob]) {
                assert.deepEqual(
                    partnerDomains(lab, n),
                    [n === alice ? "bob" : "alice"],
                    `${n.id}'s partners after carol left`,
                );
                const cdrs = kusciaObjects(lab, n, "cdr").sort();
                assert.deepEqual(
                    cdrs,
                    [`${alice.id}-${bob.id}`, `${bob.id}-${alice.id}`],
                    `${n.id}'s routes after carol left`,
                );
                assert.equal(
                    inNode(lab, n, "sh -c 'ls var/certs/carol.domain.crt 2>/dev/null || echo gone'").trim(),
                    "gone",
                );
            }
            assertRouteReady(lab, alice, bob);
            assertRouteReady(lab, bob, alice);
        });

        it("destroy removes the rest", async t => {
            if (!deployed) return t.skip("the up failed");
            ok(await stack.destroy());
            deployed = false;
            for (const n of [alice, bob]) assertNodeV11Removed(lab, n);
        });
    },
);

describe(
    "Kuscia 1.1: drift (a container removed by hand, a rebuilt host) comes back with up --refresh",
    { timeout: 30 * 60_000 },
    () => {
        const nodes = [
            nodeV11(lab, "e2e-v11d", "frank", 2, 24080, { containerDriver: "cli", identity: "host" }),
            nodeV11(lab, "e2e-v11d", "gina", 3, 24090),
        ];
        const [frank, gina] = nodes;
        const stack = rootStackOf(lab, "v11-drift", nodes);
        const publicKey = (n: NodeV11, file: string) =>
            inNode(lab, n, `openssl x509 -noout -pubkey -in var/certs/${file}`);
        before(async () => {
            ok(await stack.up());
        });

        it("frank's container removed by hand: up --refresh starts it again and both routes are Ready", async () => {
            sshOk(lab, frank.host, `docker rm -f ${frank.ctr} >/dev/null`);
            ok(await stack.run(["up", "--yes", "--refresh"]));
            assertRouteReady(lab, frank, gina);
            assertRouteReady(lab, gina, frank);
        });

        it(
            "gina's host rebuilt: up --refresh brings her back with the same key (identity stack), " +
                "both routes Ready",
            async () => {
                const before = publicKey(gina, "domain.crt");
                clearNodeV11(lab, gina);
                sshOk(lab, gina.host, "docker network rm kuscia-exchange >/dev/null 2>&1 || true");
                ok(await stack.run(["up", "--yes", "--refresh"]));
                assert.equal(publicKey(gina, "domain.crt"), before, "the key in state came back");
                assert.equal(publicKey(frank, "gina.domain.crt"), before);
                assertRouteReady(lab, frank, gina);
                assertRouteReady(lab, gina, frank);
            },
        );

        it("frank's host rebuilt: a new key made on the host, which gina adds again", async () => {
            const before = publicKey(frank, "domain.crt");
            clearNodeV11(lab, frank);
            ok(await stack.run(["up", "--yes", "--refresh"]));
            const after = publicKey(frank, "domain.crt");
            assert.notEqual(after, before, "identity host: a new key on the rebuilt host");
            assert.equal(publicKey(gina, "frank.domain.crt"), after, "gina holds frank's new domain.crt");
            assertRouteReady(lab, frank, gina);
            assertRouteReady(lab, gina, frank);
        });

        it("a plain up after that opens no SSH session and changes nothing", async () => {
            const { result, logins } = await sshLoginsDuring([frank.host, gina.host], () =>
                stack.run(["up", "--yes", "--expect-no-changes"]),
            );
            ok(result);
            assert.deepEqual(logins, { [frank.host.name]: [], [gina.host.name]: [] }, tail(result));
        });
    },
);

describeRefusedConfig(
    lab,
    "Kuscia 1.1: bad input is refused at preview, before any SSH session",
    "v11-bad-input",
    {
        "kuscia:nodes": [
            nodeV11(lab, "e2e-v11bad", "Alice", 0, 70000),
            nodeV11(lab, "e2e-v11bad", "bob", 1, 19281, { protocol: "notls", metricsPort: 19281 }),
        ].map(n => n.config),
    },
    [
        "kuscia.nodes[0].domainId 'Alice' must match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$: " +
            "Kuscia makes a Kubernetes namespace of every domain id",
        "kuscia.nodes[0].gatewayPort 70000 must be an integer from 1 to 65535",
        'kuscia.nodes[1].protocol must be one of NOTLS, TLS, MTLS (as Kuscia spells them) or left out, got "notls"',
        "kuscia.nodes[1].gatewayPort and kuscia.nodes[1].metricsPort are both port 19281",
    ],
);

describe(
    "Kuscia 1.1: a malformed partner handshake is refused before any SSH session",
    { timeout: 10 * 60_000 },
    () => {
        const backend = new FileBackend("v11-bad-handshake");
        const stack = orgStack(backend, "alice", "e2e-v11-bad-handshake");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-kuscia-e2e-v11-bad-handshake-"));
        const file = path.join(dir, "bob-handshake.json");
        const block = (label: string, text: string) =>
            `-----BEGIN ${label}-----\n${Buffer.from(text).toString("base64")}\n-----END ${label}-----\n`;
        const bob = {
            generation: "1.1",
            domainId: "bob",
            endpoint: "10.213.0.12:8082",
            gatewayScheme: "https",
            domainCertPem: domainCert("bob"),
        };
        const cases: [string, Record<string, unknown>, string][] = [
            [
                "a scheme join_to_host.sh does not take",
                { gatewayScheme: "file" },
                `handshake file ${file}.gatewayScheme must be https or http (a NOTLS node's), got "file"`,
            ],
            [
                "a 0.3 field",
                { csrPem: block("CERTIFICATE REQUEST", "csr") },
                `handshake file ${file}.csrPem is a Kuscia 0.3 field; a 1.1 handshake carries domainCertPem only`,
            ],
            [
                "a private key",
                { domainCertPem: block("RSA PRIVATE KEY", "key") },
                `handshake file ${file} contains a private key: a handshake must hold public material only`,
            ],
            [
                "another partner's handshake",
                { authorizes: "erin" },
                `handshake file ${file}.authorizes 'erin', not 'alice': it is another partner's handshake`,
            ],
            [
                "bob's id on carol's domain.crt",
                { domainCertPem: domainCert("carol") },
                `handshake file ${file}.domainCertPem names CN=carol, not the handshake's domainId 'bob'`,
            ],
            [
                "a domain.crt that is not the one pinned for bob",
                { domainCertPem: domainCert("mallory", "bob") },
                `handshake file ${file}.domainCertPem (its domain.crt) has SHA-256 fingerprint`,
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
                generation: "1.1",
                image: lab.image11,
                privileged: false,
                peerFile: file,
                peerFingerprint: opensslFingerprint(domainCert("bob")),
            });
        });
        after(async () => {
            await stack.remove();
            backend.remove();
            fs.rmSync(dir, { recursive: true, force: true });
        });

        for (const [title, over, message] of cases) {
            it(`${title}: pulumi up names it and logs in nowhere`, async () => {
                fs.writeFileSync(file, JSON.stringify({ ...bob, ...over }));
                await assertRefusedBeforeSsh(lab, stack, ["up", "--yes"], [message]);
            });
        }
    },
);

/** How the two organisations exchange handshakes, and how their nodes differ. */
interface Exchange11 {
    title: string;
    /** The stack of organisation `id`, on its backend. */
    stack(id: string): Stack;
    /** The config pointing `org` at its partner's handshake. */
    peerConfig(partner: { node: NodeV11; stack: Stack }): Record<string, string>;
    /** Publishes the organisation's handshake after its up. */
    publish(org: { node: NodeV11; stack: Stack }): Promise<void>;
    /** Each organisation's node settings. */
    node(id: string): Record<string, string>;
    cleanup(): void;
}

const mailbox = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-kuscia-e2e-v11-"));
after(() => fs.rmSync(mailbox, { recursive: true, force: true }));

function stackReferences11(): Exchange11 {
    const backend = new FileBackend("v11-cross-org");
    return {
        title: "stack references (identity stack, docker driver)",
        stack: id => orgStack(backend, id, `e2e-v11-${id}`),
        peerConfig: partner => ({ peerStack: partner.stack.qualifiedName }),
        publish: async () => {},
        node: () => ({}),
        cleanup: () => backend.remove(),
    };
}

function handshakeFiles11(): Exchange11 {
    const backends = new Map(["alice", "bob"].map(id => [id, new FileBackend(`v11-cross-org-${id}`)]));
    const fileOf = (id: string) => path.join(mailbox, `${id}-handshake.json`);
    return {
        title: "handshake files, each on its own backend (identity host, cli driver, bob NOTLS)",
        stack: id => orgStack(backends.get(id)!, id, `e2e-v11-files-${id}`),
        peerConfig: partner => ({ peerFile: fileOf(partner.node.id) }),
        publish: async org => fs.writeFileSync(fileOf(org.node.id), await org.stack.outputJson("handshake")),
        node: id => ({ identity: "host", containerDriver: "cli", ...(id === "bob" ? { protocol: "NOTLS" } : {}) }),
        cleanup: () => backends.forEach(b => b.remove()),
    };
}

for (const makeExchange of [stackReferences11, handshakeFiles11]) {
    const exchange = makeExchange();
    describe(
        `Kuscia 1.1 across organisations: examples/cross-org over ${exchange.title}`,
        { timeout: 30 * 60_000 },
        () => {
            // The example deploys into the login's home with the default container name, as Kuscia 1.1's
            // deploy_p2p_cn.md does.
            const orgNode = (id: string, host: number, port: number): NodeV11 => {
                const h = lab.hosts[host];
                const ctr = `${h.user}-kuscia-autonomy-${id}`;
                return {
                    id,
                    host: h,
                    port,
                    ctr,
                    certs: `${h.home}/kuscia-autonomy-${id}-certs`,
                    work: `${h.home}/${ctr}`,
                    data: `${h.home}/${ctr}/data`,
                    config: exchange.node(id),
                };
            };
            const orgs = ["alice", "bob"].map((id, i) => ({
                node: orgNode(id, i, 23080 + 10 * i),
                stack: exchange.stack(id),
            }));
            const [alice, bob] = orgs;
            // The organisation's node on its lab host; domainId and partner come from the example's Pulumi.<org>.yaml.
            const orgConfig = (stack: Stack, n: NodeV11) => ({
                [`${stack.project}:host`]: {
                    host: n.host.address,
                    port: n.host.sshPort,
                    user: n.host.user,
                    privateKeyPath: n.host.privateKeyPath,
                    hostKey: n.host.hostKey,
                },
                [`${stack.project}:generation`]: "1.1",
                [`${stack.project}:image`]: lab.image11,
                [`${stack.project}:privileged`]: false,
                [`${stack.project}:gatewayPort`]: n.port,
                ...Object.fromEntries(
                    Object.entries(n.config as Record<string, string>).map(([k, v]) => [`${stack.project}:${k}`, v]),
                ),
            });

            before(async () => {
                for (const [org, partner] of [
                    [alice, bob],
                    [bob, alice],
                ]) {
                    clearNodeV11(lab, org.node);
                    await org.stack.init();
                    const peer = Object.fromEntries(
                        Object.entries(exchange.peerConfig(partner)).map(([k, v]) => [`${org.stack.project}:${k}`, v]),
                    );
                    await org.stack.setConfig({ ...orgConfig(org.stack, org.node), ...peer });
                }
            });
            after(async () => {
                for (const org of orgs) {
                    await org.stack.destroy();
                    await org.stack.remove();
                    clearNodeV11(lab, org.node);
                }
                exchange.cleanup();
            });

            if (makeExchange === stackReferences11) {
                it("a 0.3 partner's handshake is refused at preview, before any host is touched", async () => {
                    const file = path.join(mailbox, "bob-0.3.json");
                    fs.writeFileSync(
                        file,
                        JSON.stringify({
                            domainId: "bob",
                            endpoint: "10.213.0.12:8082",
                            csrPem: nodeV03("bob").csrPem,
                            caCertPem: nodeV03("bob").caCertPem,
                        }),
                    );
                    const refused = orgStack(alice.stack.backend, "alice", "e2e-v11-refused");
                    await refused.init();
                    try {
                        await refused.setConfig({
                            ...orgConfig(refused, alice.node),
                            [`${refused.project}:peerFile`]: file,
                        });
                        const { result, logins } = await sshLoginsDuring(lab.hosts.slice(0, 2), () =>
                            refused.run(["preview"]),
                        );
                        assert.notEqual(result.status, 0);
                        assert.match(
                            `${result.stdout}${result.stderr}`,
                            new RegExp(
                                String.raw`is from a Kuscia 0\.3 node, but 'alice' is a Kuscia 1\.1 node: ` +
                                    "both partners must run the same generation",
                            ),
                        );
                        assert.deepEqual(Object.values(logins).flat(), []);
                    } finally {
                        await refused.remove();
                    }
                });
            }

            it("alternating ups converge: waiting-for-peer, granted, verified, verified; both routes Ready", async () => {
                const statuses: string[] = [];
                for (const org of [alice, bob, alice, bob]) {
                    ok(await org.stack.up());
                    await exchange.publish(org);
                    const out = await org.stack.outputs();
                    statuses.push(out.status);
                    // Out of band: the partner pins this node's domain.crt by the fingerprint the operator reads to it.
                    assert.equal(
                        out.trustFingerprint,
                        opensslFingerprint(inNode(lab, org.node, "cat var/certs/domain.crt")),
                    );
                    const partner = orgs.find(o => o !== org)!;
                    await partner.stack.setConfig({
                        [`${partner.stack.project}:peerFingerprint`]: out.trustFingerprint,
                    });
                }
                assert.deepEqual(statuses, ["waiting-for-peer", "granted", "verified", "verified"]);
                assertRouteReady(lab, alice.node, bob.node);
                assertRouteReady(lab, bob.node, alice.node);
                for (const [org, partner] of [
                    [alice, bob],
                    [bob, alice],
                ]) {
                    const handshake = JSON.parse(await org.stack.outputJson("handshake"));
                    assert.deepEqual(Object.keys(handshake).sort(), [
                        "authorizes",
                        "domainCertPem",
                        "domainId",
                        "endpoint",
                        "gatewayScheme",
                        "generation",
                    ]);
                    assert.deepEqual(
                        [handshake.generation, handshake.authorizes, handshake.gatewayScheme],
                        ["1.1", partner.node.id, gatewayScheme(org.node)],
                    );
                    assert.equal(handshake.domainCertPem, inNode(lab, org.node, "cat var/certs/domain.crt"));
                    const state = await org.stack.exportWithSecrets();
                    const [own] = privateKeyBodies(inNode(lab, org.node, "cat var/certs/domain.key"));
                    const [theirs] = privateKeyBodies(inNode(lab, partner.node, "cat var/certs/domain.key"));
                    assert.equal(
                        holdsKeyBody(state, own),
                        org.node.config.identity !== "host",
                        `${org.node.id}'s state holds its own node's key only with identity stack`,
                    );
                    assert.ok(!holdsKeyBody(state, theirs), `${org.node.id}'s state holds ${partner.node.id}'s key`);
                }
            });

            it("a fifth up plans no change", async () => {
                const preview = await alice.stack.previewExpectingNoChanges();
                assert.equal(preview.status, 0, tail(preview, 60));
            });
        },
    );
}
