import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { addPartner, joinHost, tempRootV11, V11Node } from "./helpers/node-v11";
import { eventually } from "./helpers/run";

/** Kuscia's own timers: a 15 s health check (pkg/common/constants.go GatewayHealthCheckDuration). */
const REAL_TIMING = { KUSCIA_SIM_TIME_SCALE: "1" };

describe("revokes at Kuscia's timing (15 s health checks)", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;

    before(async () => {
        root = tempRootV11("timing");
        alice = await V11Node.create("alice", root);
        bob = await V11Node.create("bob", root);
        for (const n of [alice, bob]) {
            await n.init();
            await n.start(REAL_TIMING);
        }
        await addPartner(alice, bob);
        await addPartner(bob, alice);
        await joinHost(alice, bob);
        await joinHost(bob, alice);
        await alice.readyOf("alice-bob", "True");
        await alice.readyOf("bob-alice", "True");
        // Only a GET /handshake stamps a heartbeat, 15 s after the handshake: a token without one never times out.
        await eventually(
            "bob's first heartbeat on alice",
            async () =>
                (await alice.jsonpath(["cdr", "bob-alice"], "{.status.tokenStatus.destinationTokens[*].heartBeatTime}"))
                    ? true
                    : undefined,
            20000,
        );
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "bob's two revokes reach alice within one health check (NoAuthentication) and within two (HeartBeatTimeout), " +
            "never before the heartbeat can age",
        async () => {
            // handshake.go checkConnectionHealthy (every 15 s) -> NoAuthentication; domainroute.go
            // IsTokenHeartBeatTimeout (2 × 15 s).
            const t0 = Date.now();
            assert.equal((await bob.kubectl(["delete", "domain", "alice"])).code, 0);
            assert.equal((await bob.kubectl(["delete", "cdr", "bob-alice"])).code, 0);
            const [outbound, inbound] = await Promise.all([
                alice
                    .readyOf("alice-bob", "False", "DestinationIsNotAuthrized", 40000)
                    .then(() => (Date.now() - t0) / 1000),
                alice.readyOf("bob-alice", "False", "HeartBeatTimeout", 40000).then(() => (Date.now() - t0) / 1000),
            ]);
            assert.ok(outbound <= 18, `alice-bob turned False after ${outbound} s`);
            // The last heartbeat was at most 15 s before the revoke and times out 30 s after it; then the
            // controller's tick and this poll, which on two loaded cores took up to 35 s in all. A third
            // health check (45 s) would still fail it.
            assert.ok(inbound >= 14 && inbound <= 38, `bob-alice turned False after ${inbound} s`);
        },
    );
});

describe("a destination route that loses its tokens (Kuscia 1.1.0b0)", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;

    before(async () => {
        root = tempRootV11("tokens");
        alice = await V11Node.create("alice", root);
        bob = await V11Node.create("bob", root);
        await alice.init();
        await bob.init();
        // alice checks every 5 s, so bob's route stays without tokens for a while.
        await alice.start({ KUSCIA_SIM_TIME_SCALE: String(1 / 3) });
        await bob.start();
        await addPartner(alice, bob);
        await addPartner(bob, alice);
        await joinHost(alice, bob);
        await bob.readyOf("alice-bob", "True");
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "kubectl delete dr alice-bob -n bob: the CDR controller makes it again without tokens (TokenNotGenerate) until " +
            "alice's next check hands over new ones",
        async () => {
            // clusterdomainroute/domainroute.go checkDomainRoute (recreate), syncStatusFromDomainroute (empty
            // destinationTokens);
            // handshake.go checkTokenStatus TokenNotFound -> handleGetResponse clears alice's token -> a new handshake.
            const uid = await bob.jsonpath(["dr", "alice-bob", "-n", "bob"], "{.metadata.uid}");
            assert.equal((await bob.kubectl(["delete", "dr", "alice-bob", "-n", "bob"])).code, 0);
            // The controller's log line for each change of Ready: the window can be short when alice's check comes at
            // once.
            await eventually(
                "bob's alice-bob Ready False TokenNotGenerate",
                () =>
                    /ClusterDomainRoute alice-bob update status \(Ready False TokenNotGenerate\)/.test(bob.log)
                        ? true
                        : undefined,
                8000,
            );
            assert.notEqual(await bob.jsonpath(["dr", "alice-bob", "-n", "bob"], "{.metadata.uid}"), uid);
            await bob.readyOf("alice-bob", "True", undefined, 15000);
            await eventually("alice's new source token", async () =>
                (
                    await alice.jsonpath(
                        ["cdr", "alice-bob"],
                        '{.status.conditions[?(@.type=="Ready")].status} {.status.tokenStatus.sourceTokens[*].revision}',
                    )
                ).match(/^True \d/)
                    ? true
                    : undefined,
            );
        },
    );
});
