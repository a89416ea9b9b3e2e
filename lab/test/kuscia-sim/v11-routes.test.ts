import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { eventually, run } from "./helpers/run";
import { addPartner, joinHost, tempRootV11, V11Node } from "./helpers/node-v11";

/** base64 of the PKCS#1 public key PEM of a certificate file, as the CDR controller fills tokenConfig. */
function publicKeyField(certFile: string): string {
    const pem = new crypto.X509Certificate(fs.readFileSync(certFile)).publicKey
        .export({ type: "pkcs1", format: "pem" })
        .toString();
    return Buffer.from(pem).toString("base64");
}

describe("ClusterDomainRoutes between two 1.1 nodes: controllers, handshake, revokes", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;
    const json = async (n: V11Node, args: string[]) => {
        const r = await n.kubectl(["get", ...args, "-o", "json"]);
        assert.equal(r.code, 0, `${n.id}: kubectl get ${args.join(" ")}: ${r.stderr}`);
        return JSON.parse(r.stdout);
    };
    const exists = async (n: V11Node, args: string[]) => (await n.kubectl(["get", ...args])).code === 0;

    before(async () => {
        root = tempRootV11("routes");
        alice = await V11Node.create("alice", root);
        bob = await V11Node.create("bob", root);
        for (const n of [alice, bob]) {
            await n.init();
            await n.start();
        }
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "add_domain.sh bob: the Domain controller labels bob and " +
            "makes the inbound CDR bob-alice, owned by the Domain",
        async () => {
            // pkg/controllers/domain/authorization_resource.go handleP2pKusciaPartnerMaster, createClusterDomainRoute,
            // updateDomainAuthStatus.
            await addPartner(alice, bob);
            const cdr = await eventually("inbound cdr bob-alice", async () =>
                (await exists(alice, ["cdr", "bob-alice"])) ? json(alice, ["cdr", "bob-alice"]) : undefined,
            );
            const domain = await json(alice, ["domain", "bob"]);
            assert.equal(domain.metadata.labels["kuscia.secretflow/domain-auth"], "completed");
            assert.deepEqual(
                cdr.metadata.ownerReferences.map((r: any) => [r.kind, r.name, r.uid, r.controller]),
                [["Domain", "bob", domain.metadata.uid, true]],
            );
            assert.equal(cdr.spec.source, "bob");
            assert.equal(cdr.spec.destination, "alice");
            assert.equal(cdr.spec.authenticationType, "Token");
            assert.equal(cdr.spec.tokenConfig.tokenGenMethod, "RSA-GEN");
            assert.equal(cdr.spec.tokenConfig.rollingUpdatePeriod, 86400);
            assert.match(cdr.spec.requestHeadersToAdd.Authorization, /^Bearer \S+/);
        },
    );

    it(
        "join_to_host.sh alice bob before bob added alice: labels, keys from the Domains' certs, the DomainRoute, " +
            "Ready False DestinationIsNotAuthrized, no InteropConfig",
        async () => {
            // clusterdomainroute/controller.go syncHandler; domain.go syncDomainPubKey; domainroute.go
            // checkDomainRoute, syncStatusFromDomainroute; interconn.go isTimeToCreateInteropConfig.
            await joinHost(alice, bob);
            await alice.readyOf("alice-bob", "False", "DestinationIsNotAuthrized");
            const cdr = await json(alice, ["cdr", "alice-bob"]);
            assert.deepEqual(cdr.metadata.labels, {
                "kuscia.secretflow/clusterdomainroute-source": "alice",
                "kuscia.secretflow/clusterdomainroute-destination": "bob",
                "kuscia.secertflow/domainroute-partner": "bob",
            });
            assert.equal(cdr.spec.tokenConfig.sourcePublicKey, publicKeyField(alice.file("domain.crt")));
            assert.equal(cdr.spec.tokenConfig.destinationPublicKey, publicKeyField(alice.file("bob.domain.crt")));
            const dr = await json(alice, ["dr", "alice-bob", "-n", "alice"]);
            assert.deepEqual(
                dr.metadata.ownerReferences.map((r: any) => [r.kind, r.name, r.uid]),
                [["ClusterDomainRoute", "alice-bob", cdr.metadata.uid]],
            );
            assert.deepEqual(dr.spec, cdr.spec);
            // Only the node's own namespace gets DomainRoutes: bob is a partner.
            assert.equal(await exists(alice, ["dr", "alice-bob", "-n", "bob"]), false);
            assert.equal(await exists(alice, ["interop", "alice-2-bob"]), false);
        },
    );

    it(
        "once bob adds alice: the handshake succeeds, Ready True with sourceTokens on alice, destinationTokens on bob, " +
            "InteropConfig alice-2-bob",
        async () => {
            // handshake.go sourceInitiateHandShake / DestReplyHandshake; interconn.go checkInteropConfig.
            await addPartner(bob, alice);
            await alice.readyOf("alice-bob", "True");
            await bob.readyOf("alice-bob", "True");
            const tokens = await alice.jsonpath(["cdr", "alice-bob"], "{.status.tokenStatus.sourceTokens[*].revision}");
            assert.notEqual(
                tokens,
                "",
                "deploy_p2p_cn.md: kubectl get cdr alice-bob -o=jsonpath='{.status.tokenStatus.sourceTokens[*]}' is non-empty",
            );
            assert.equal(await alice.jsonpath(["cdr", "alice-bob"], "{.status.tokenStatus.destinationTokens}"), "");
            assert.notEqual(
                await bob.jsonpath(["cdr", "alice-bob"], "{.status.tokenStatus.destinationTokens[*].revision}"),
                "",
            );
            const interop = await eventually("interop alice-2-bob", async () =>
                (await exists(alice, ["interop", "alice-2-bob"])) ? json(alice, ["interop", "alice-2-bob"]) : undefined,
            );
            assert.deepEqual(interop.spec, { host: "bob", members: ["alice"] });
            assert.equal(interop.metadata.ownerReferences[0].name, "alice-bob");
        },
    );

    it("kubectl get cdr prints the CRD's printer columns; the inbound route has no host", async () => {
        // crds/v1alpha1/kuscia.secretflow_clusterdomainroutes.yaml additionalPrinterColumns.
        await joinHost(bob, alice);
        await bob.readyOf("bob-alice", "True");
        await alice.readyOf("bob-alice", "True");
        const r = await alice.kubectl(["get", "cdr"]);
        const rows = r.stdout
            .trim()
            .split("\n")
            .map(l => l.split(/\s+/));
        assert.deepEqual(rows[0], ["NAME", "SOURCE", "DESTINATION", "HOST", "AUTHENTICATION", "READY"]);
        assert.deepEqual(rows.slice(1), [
            ["alice-bob", "alice", "bob", "127.0.0.1", "Token", "True"],
            ["bob-alice", "bob", "alice", "<none>", "Token", "True"],
        ]);
    });

    it(
        "traffic into alice's internal listener for bob passes " + "bob's token auth: past 401 to bob's service lookup",
        async () => {
            // Internal listener -> route alice-bob with its token (kuscia-envoy kuscia_token_auth on bob); an unknown
            // service is a 404.
            const answer = await fetchThroughGateway(alice, bob);
            assert.equal(answer, 404);
        },
    );

    it(
        "bob revokes with kubectl delete cdr bob-alice: its route and InteropConfig go; alice's inbound bob-alice " +
            "turns HeartBeatTimeout",
        async () => {
            // Garbage collection of ownerReferences; domainroute.go IsTokenHeartBeatTimeout (2 ×
            // GatewayHealthCheckDuration without a GET /handshake).
            assert.equal((await bob.kubectl(["delete", "cdr", "bob-alice"])).code, 0);
            await eventually("bob's DomainRoute and InteropConfig collected", async () =>
                !(await exists(bob, ["dr", "bob-alice", "-n", "bob"])) &&
                !(await exists(bob, ["interop", "bob-2-alice"]))
                    ? true
                    : undefined,
            );
            await alice.readyOf("bob-alice", "False", "HeartBeatTimeout");
        },
    );

    it(
        "bob revokes with kubectl delete domain alice: the inbound CDR goes with it; alice's alice-bob turns False and " +
            "her traffic gets 401",
        async () => {
            // GC of the Domain's CDR; handshake.go checkTokenStatus NoAuthentication -> handleGetResponse clears
            // alice's token; then every new handshake gets code 500 (domainRoute [alice-bob] not found).
            assert.equal((await bob.kubectl(["delete", "domain", "alice"])).code, 0);
            await eventually("bob's inbound cdr and route collected", async () =>
                !(await exists(bob, ["cdr", "alice-bob"])) && !(await exists(bob, ["dr", "alice-bob", "-n", "bob"]))
                    ? true
                    : undefined,
            );
            await alice.readyOf("alice-bob", "False", "DestinationIsNotAuthrized");
            assert.equal(await alice.jsonpath(["cdr", "alice-bob"], "{.status.tokenStatus.sourceTokens}"), "");
            assert.match(alice.log, /domainRoute \[alice-bob\] not found in dest domain \[bob\]/);
            assert.equal(await fetchThroughGateway(alice, bob), 401);
        },
    );

    it(
        "re-adding alice on bob makes the route Ready again (the Domain controller runs for the new Domain); KusciaAPI " +
            "route/query says Succeeded",
        async () => {
            // pkg/kusciaapi/service/domain_route_service.go QueryDomainRoute, buildRouteStatus.
            await addPartner(bob, alice);
            await alice.readyOf("alice-bob", "True");
            const q = await alice.api("/api/v1/route/query", { source: "alice", destination: "bob" });
            assert.equal(q.status.code, 0);
            assert.deepEqual(q.data.status, { status: "Succeeded", reason: "" });
            assert.equal(q.data.token_config.token_gen_method, "RSA-GEN");
        },
    );

    it("a peer that stops answering turns Ready False DestinationUnreachable", async () => {
        // handshake.go checkConnectionStatus -> markDestUnreachable; domainroute.go: sourceTokens kept,
        // IsDestinationUnreachable.
        await bob.stop();
        await alice.readyOf("alice-bob", "False", "DestinationUnreachable");
        assert.notEqual(
            await alice.jsonpath(["cdr", "alice-bob"], "{.status.tokenStatus.sourceTokens[*].revision}"),
            "",
        );
        await bob.start();
        await alice.readyOf("alice-bob", "True");
    });

    it(
        "bob's container recreated (var/certs gone, the k3s dir kept): a new domain.crt of the same key, and the " +
            "routes stay Ready",
        async () => {
            // kuscia.sh mounts var/k3s/server/db from the host but not var/certs (:25, :317-328); runtime.go
            // regenerates the certificates.
            const cert = fs.readFileSync(bob.file("domain.crt"), "utf8");
            await bob.stop();
            fs.rmSync(bob.certs, { recursive: true });
            await bob.start();
            assert.notEqual(fs.readFileSync(bob.file("domain.crt"), "utf8"), cert);
            assert.equal(publicKeyField(bob.file("domain.crt")), publicKeyField(alice.file("bob.domain.crt")));
            assert.equal(await exists(bob, ["domain", "alice"]), true);
            await alice.readyOf("alice-bob", "True");
            await bob.readyOf("alice-bob", "True");
            assert.equal(fs.existsSync(`${bob.home}/var/k3s/server/db/kuscia-sim-store`), true);
        },
    );

    it(
        "KusciaAPI route/delete on alice is kubectl delete cdr alice-bob: its DomainRoute and InteropConfig are " +
            "collected",
        async () => {
            // domain_route_service.go DeleteDomainRoute; ownerReference garbage collection.
            const d = await alice.api("/api/v1/route/delete", { source: "alice", destination: "bob" });
            assert.equal(d.status.code, 0);
            await eventually("alice's route and InteropConfig collected", async () =>
                !(await exists(alice, ["dr", "alice-bob", "-n", "alice"])) &&
                !(await exists(alice, ["interop", "alice-2-bob"]))
                    ? true
                    : undefined,
            );
            const again = await alice.api("/api/v1/route/query", { source: "alice", destination: "bob" });
            assert.equal(again.status.code, 11404);
        },
    );
});

describe("the wrong scheme never authorizes (Kuscia 1.1.0b0)", () => {
    let root: string;
    const nodes: V11Node[] = [];

    before(() => {
        root = tempRootV11("scheme");
    });
    after(async () => {
        for (const n of nodes) await n.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    for (const [protocol, scheme] of [
        ["", "http"],
        ["NOTLS", "https"],
    ] as const) {
        it(
            `${scheme}:// to a ${protocol || "TLS"} gateway: the handshake never gets through, Ready stays False ` +
                `(DestinationIsNotAuthrized)`,
            async () => {
                // The POST /handshake fails on the wire; without a token the CDR cannot leave DestinationIsNotAuthrized
                // (domainroute.go).
                const a = await V11Node.create(`a${nodes.length}`, root);
                const b = await V11Node.create(`b${nodes.length}`, root);
                nodes.push(a, b);
                for (const n of [a, b]) {
                    await n.init(protocol ? ["-p", protocol] : []);
                    await n.start();
                }
                await addPartner(a, b);
                await addPartner(b, a);
                await joinHost(a, b, scheme);
                await a.readyOf(`${a.id}-${b.id}`, "False", "DestinationIsNotAuthrized");
                await new Promise(r => setTimeout(r, 4000));
                await a.readyOf(`${a.id}-${b.id}`, "False", "DestinationIsNotAuthrized", 100);
                assert.match(a.log, new RegExp(`DomainRoute ${a.id}/${a.id}-${b.id}: .*${scheme}://127\\.0\\.0\\.1`));
            },
        );
    }
});

/**
 * A request entering `from`'s internal listener for an unknown service of `to`: its gateway sends it through the token
 * route.
 */
async function fetchThroughGateway(from: V11Node, to: V11Node): Promise<number> {
    const r = await run("curl", [
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--max-time",
        "10",
        "-H",
        `Host: nothing-here.${to.id}.svc`,
        `http://127.0.0.1:${from.internalPort}/`,
    ]);
    return Number(r.stdout);
}
