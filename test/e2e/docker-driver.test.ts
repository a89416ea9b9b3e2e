// The docker driver where deploy.sh or another node already made the exchange network: two nodes on
// one host (one of them on a second address of the host, its hostIp), a third elsewhere on a network
// of its own; a memory change planned and applied on one node only, a port change that re-creates
// its container and re-runs its readiness and every step of its pairs, one node removed while the
// others keep working, and each network kept while any node uses it.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ensureLab, sshOk } from "../../lab/testing";
import { kusciaObjects, networkContainers, sshLoginsDuring } from "../support/hosts";
import { secondAddress } from "./interference";
import { inNode } from "../support/seed-node";
import { assertJoined, assertNodeRemoved, clearNodes, exchangeNetwork } from "../support/node-checks";
import { changedSteps } from "./plan";
import { FileBackend, ok, tail } from "../support/pulumi";
import { clusterConfig, rootNode, rootStack } from "../support/root-program";

const lab = ensureLab();
const shared = lab.hosts[2];

describe("docker driver: an existing network, two nodes on one host", { timeout: 30 * 60_000 }, () => {
    const [carol, dave, erin] = [
        rootNode(lab, "e2e-docker", { id: "carol", host: 2, gatewayPort: 19181 }),
        rootNode(lab, "e2e-docker", { id: "dave", host: 2, gatewayPort: 19182 }),
        rootNode(lab, "e2e-docker", { id: "erin", host: 3, gatewayPort: 19183 }),
    ];
    // carol is reached at a second address of the shared host: her hostIp, not the SSH connection's.
    const carolIp = "10.213.0.113";
    carol.config.hostIp = carolIp;
    carol.address = carolIp;
    const erinNetwork = "kuscia-e2e-net";
    erin.config.networkName = erinNetwork;
    let dropAddress: (() => void) | undefined;
    const backend = new FileBackend("docker-driver");
    const stack = rootStack(backend, "e2e-docker");
    let deployed = false;
    const inspect = (n: typeof carol, format: string) =>
        sshOk(lab, n.host, `docker inspect -f '${format}' ${n.ctr}`).trim();

    before(async () => {
        clearNodes(lab, [carol, dave, erin]);
        dropAddress = secondAddress(shared, carolIp);
        sshOk(
            lab,
            shared,
            `docker network inspect ${exchangeNetwork} >/dev/null 2>&1 ` +
                `|| docker network create ${exchangeNetwork} >/dev/null`,
        );
        await stack.init();
        await stack.setConfig(clusterConfig([carol, dave, erin]));
    });
    after(async () => {
        if (deployed) await stack.destroy();
        await stack.remove();
        clearNodes(lab, [carol, dave, erin]);
        sshOk(lab, erin.host, `docker network rm ${erinNetwork} >/dev/null 2>&1 || true`);
        dropAddress?.();
        backend.remove();
    });

    it("a preview writes no key file", async () => {
        ok(await stack.run(["preview"]));
        assert.deepEqual(backend.sshKeyFiles(), []);
    });

    it("pulumi up uses the network that is there and verifies every pair", async () => {
        const networkId = sshOk(lab, shared, `docker network inspect -f '{{.Id}}' ${exchangeNetwork}`).trim();
        ok(await stack.up());
        deployed = true;
        assert.equal(
            sshOk(lab, shared, `docker network inspect -f '{{.Id}}' ${exchangeNetwork}`).trim(),
            networkId,
            "the same network",
        );
        const users = networkContainers(lab, shared, exchangeNetwork) ?? [];
        assert.ok(
            users.includes(carol.ctr) && users.includes(dave.ctr),
            `both nodes on ${exchangeNetwork}: ${users.join(" ")}`,
        );
        for (const [a, b] of [
            [carol, dave],
            [dave, carol],
            [carol, erin],
            [erin, carol],
            [dave, erin],
            [erin, dave],
        ]) {
            assertJoined(lab, a, b);
        }
        assert.equal(
            (await stack.outputs()).endpoints.carol,
            `${carolIp}:${carol.port}`,
            "carol's endpoint is her hostIp",
        );
        for (const partner of [dave, erin]) {
            const route = inNode(
                lab,
                partner,
                `kubectl get domainroute ${partner.id}-carol -n ${partner.id} ` + "-o 'jsonpath={.spec.endpoint.host}'",
            ).trim();
            assert.equal(route, carolIp, `${partner.id} routes to carol's hostIp`);
        }
        assert.match(
            inNode(lab, carol, "openssl x509 -noout -ext subjectAltName -in etc/certs/external_tls.crt"),
            new RegExp(`IP Address:${carolIp.replace(/\./g, "\\.")}`),
            "carol's gateway certificate names her hostIp",
        );
        assert.deepEqual(networkContainers(lab, erin.host, erinNetwork), [erin.ctr], "erin on the network she names");
        const keys = backend.sshKeyFiles();
        assert.equal(keys.filter(f => f.endsWith(".key")).length, 3, `one key file per node: ${keys.join(" ")}`);
        assert.equal(keys.filter(f => f.endsWith(".known_hosts")).length, 3, keys.join(" "));
        const preview = await stack.previewExpectingNoChanges();
        assert.equal(preview.status, 0, tail(preview, 80));
    });

    it("a container removed by hand comes back with up --refresh, and its pairs re-verify", async () => {
        sshOk(lab, carol.host, `docker rm -f ${carol.ctr} >/dev/null`);
        ok(await stack.run(["up", "--yes", "--refresh"]));
        for (const [a, b] of [
            [carol, dave],
            [dave, carol],
            [carol, erin],
            [erin, carol],
        ])
            assertJoined(lab, a, b);
    });

    it("a rebuilt host (container, volume, dirs and network gone) comes back with up --refresh", async () => {
        clearNodes(lab, [erin]); // what a rebuilt host has lost: container, volume, dirs, the unused network
        ok(await stack.run(["up", "--yes", "--refresh"]));
        for (const [a, b] of [
            [erin, carol],
            [carol, erin],
            [erin, dave],
            [dave, erin],
        ])
            assertJoined(lab, a, b);
    });

    it("a plain up after that opens no SSH session and changes nothing", async () => {
        const { result, logins } = await sshLoginsDuring([shared, erin.host], () =>
            stack.run(["up", "--yes", "--expect-no-changes"]),
        );
        ok(result);
        assert.deepEqual(logins, { [shared.name]: [], [erin.host.name]: [] }, tail(result));
    });

    it(
        "a memory change on one node plans an in-place update of that node's container only, " +
            "and the up applies it",
        async () => {
            const before = {
                carol: inspect(carol, "{{.Id}}"),
                dave: inspect(dave, "{{.Id}}"),
                erin: inspect(erin, "{{.Id}}"),
            };
            dave.config.memory = "1536M";
            await stack.setConfig(clusterConfig([carol, dave, erin]));
            const changes = await changedSteps(stack);
            assert.deepEqual(changes, [
                { op: "update", type: "docker:index/container:Container", name: "kuscia-dave-container" },
            ]);
            ok(await stack.up());
            assert.equal(inspect(dave, "{{.HostConfig.Memory}}"), String(1536 * 1024 * 1024));
            assert.deepEqual(
                { carol: inspect(carol, "{{.Id}}"), dave: inspect(dave, "{{.Id}}"), erin: inspect(erin, "{{.Id}}") },
                before,
                "no container was re-created",
            );
            assertJoined(lab, dave, erin);
        },
    );

    it(
        "a port change on dave re-creates his container and re-runs every step on his host and each partner's " +
            "join to him",
        async () => {
            const before = {
                carol: inspect(carol, "{{.Id}}"),
                dave: inspect(dave, "{{.Id}}"),
                erin: inspect(erin, "{{.Id}}"),
            };
            dave.config.apiHttpPort = 20282;
            await stack.setConfig(clusterConfig([carol, dave, erin]));
            const changes = await changedSteps(stack);
            const op = (name: string) => changes.find(c => c.name === name)?.op;
            // Every step on dave's host runs again (the new container's store is empty)...
            for (const name of [
                "kuscia-dave-container",
                "kuscia-dave-ready",
                "kuscia-dave-app-image",
                "kuscia-carol-dave-dave-grants-and-joins-carol",
                "kuscia-dave-erin-dave-grants-erin",
                "kuscia-dave-erin-dave-joins-erin",
            ]) {
                assert.equal(op(name), "replace", `${name}: ${JSON.stringify(changes)}`);
            }
            // ...and each partner joins dave again with the certificate dave issues anew; their grants of dave, in
            // their own stores, stand.
            for (const name of ["kuscia-carol-dave-carol-joins-dave", "kuscia-dave-erin-erin-grants-and-joins-dave"]) {
                assert.ok(
                    ["update", "replace"].includes(op(name) ?? ""),
                    `${name} is not run again: ${JSON.stringify(changes)}`,
                );
            }
            assert.equal(op("kuscia-carol-dave-carol-grants-dave"), undefined, "carol's grant of dave stands");
            assert.deepEqual(
                changes.filter(c => /carol-erin|kuscia-(carol|erin)-(container|ready)/.test(c.name)),
                [],
                "carol's and erin's own pair and nodes are untouched",
            );
            ok(await stack.up());
            assert.notEqual(inspect(dave, "{{.Id}}"), before.dave, "dave's container is new");
            assert.deepEqual(
                { carol: inspect(carol, "{{.Id}}"), erin: inspect(erin, "{{.Id}}") },
                { carol: before.carol, erin: before.erin },
            );
            assert.match(
                inspect(dave, "{{json .HostConfig.PortBindings}}"),
                /"8082\/tcp":\[\{"HostIp":"[^"]*","HostPort":"20282"\}\]/,
            );
            for (const [a, b] of [
                [carol, dave],
                [dave, carol],
                [dave, erin],
                [erin, dave],
            ])
                assertJoined(lab, a, b);
        },
    );

    it("removing one node from the config removes it and its grants, and the others keep working", async () => {
        ok(await stack.setConfig(clusterConfig([carol, erin])).then(() => stack.up()));
        assertNodeRemoved(lab, dave, carol);
        assert.equal(
            backend.sshKeyFiles().filter(f => f.endsWith(".key")).length,
            2,
            "dave's key file is gone, the others' stay",
        );
        for (const n of [carol, erin]) {
            assert.ok(!kusciaObjects(lab, n, "domain").includes("dave"), `${n.id} still has dave's Domain`);
        }
        assertJoined(lab, carol, erin);
        assertJoined(lab, erin, carol);
        const users = networkContainers(lab, shared, exchangeNetwork) ?? [];
        assert.ok(
            users.includes(carol.ctr) && !users.includes(dave.ctr),
            `the network stays for carol: ${users.join(" ")}`,
        );
    });

    it("destroy removes the network once no node uses it", async () => {
        ok(await stack.destroy());
        deployed = false;
        assertNodeRemoved(lab, carol, erin);
        assertNodeRemoved(lab, erin, carol);
        assert.equal(networkContainers(lab, shared, exchangeNetwork), undefined, "no network left on the shared host");
        assert.equal(
            networkContainers(lab, erin.host, erinNetwork),
            undefined,
            `no ${erinNetwork} left on erin's host`,
        );
        assert.deepEqual(backend.sshKeyFiles(), [], "destroy leaves no key file");
    });
});
