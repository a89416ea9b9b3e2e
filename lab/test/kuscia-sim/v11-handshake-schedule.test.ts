import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { addPartner, joinHost, tempRootV11, TIME_SCALE, V11Node } from "./helpers/node-v11";
import { eventually } from "./helpers/run";

/**
 * Kuscia's durations (ms) the tests compute with: client-go's 5 ms back-off base, the master's 2 min re-roll period,
 * drExpireDuration, the health check.
 */
const BACKOFF_BASE_MS = 5;
const ROLL_PERIOD_MS = 120000;
const EXPIRE_MS = 45000;
const HEALTH_CHECK_MS = 15000;

interface Line {
    readonly t: number;
    readonly text: string;
}

/** The node's log lines matching `re`, with their times. */
function lines(node: V11Node, re: RegExp): Line[] {
    return node.log
        .split("\n")
        .filter(l => re.test(l))
        .map(l => ({ t: Date.parse(l.slice(0, l.indexOf(" "))), text: l }));
}

function logged(node: V11Node, re: RegExp, timeoutMs: number, after = 0): Promise<Line> {
    return eventually(`${node.id}'s log to show ${re}`, () => lines(node, re).find(l => l.t >= after), timeoutMs);
}

const queueLine = (key: string) =>
    new RegExp(`(Re-syncing|Forgetting): queue id\\[domain-route-queue\\], (retry:\\[\\d+\\] )?key\\[${key}\\]`);
const retryOf = (l: Line) => Number(/retry:\[(\d+)\]/.exec(l.text)?.[1] ?? -1);
const readyOf = (n: V11Node, cdr: string) =>
    n.jsonpath(["cdr", cdr], '{.status.conditions[?(@.type=="Ready")].status}');

/**
 * `kubectl label cdr NAME KEY=VALUE --overwrite` as an API write: the sim's kubectl has no `label`, so the CDR is
 * applied with the label.
 */
async function startAll(root: string, ids: string[], scale: number): Promise<V11Node[]> {
    const nodes: V11Node[] = [];
    for (const id of ids) {
        const n = await V11Node.create(id, root);
        nodes.push(n);
        await n.init();
        await n.start({ KUSCIA_SIM_TIME_SCALE: String(scale) });
    }
    return nodes;
}

describe("the gateway's handshake back-off and what cuts it short (Kuscia 1.1.0b0, KUSCIA_SIM_TIME_SCALE=0.3)", () => {
    const scale = 0.3;
    // The wait after the 14th failed attempt (retry:[13]): 5 ms × 2^13, 41 s in Kuscia. It ends before the
    // master's first re-roll can come (more than 2 min after the route was made).
    const wait13 = BACKOFF_BASE_MS * 2 ** 13 * scale;
    let root: string;
    let alice: V11Node;
    let bob: V11Node;
    let carol: V11Node;

    before(async () => {
        root = tempRootV11("schedule");
        [alice, bob, carol] = await startAll(root, ["alice", "bob", "carol"], scale);
        await addPartner(alice, bob);
        await addPartner(carol, bob);
    });
    after(async () => {
        for (const n of [alice, bob, carol]) await n?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "a partner that adds us late is seen at the next " + "attempt of the back-off (5 ms doubling), not before",
        async () => {
            // domain_route.go:68-74,231 HandleQueueItem with DefaultControllerRateLimiter; handshake.go
            // DestReplyHandshake code 500 fails an attempt at once.
            await joinHost(alice, bob);
            const r13 = await logged(
                alice,
                new RegExp(
                    String.raw`Re-syncing: queue id\[domain-route-queue\], retry:\[13\] key\[alice\/alice-bob\]: ` +
                        String.raw`"handshake fail, return error:domainRoute \[alice-bob\] not found in dest domain \[bob\]"`,
                ),
                30000,
            );
            assert.deepEqual(lines(alice, queueLine("alice/alice-bob")).map(retryOf), [...Array(14).keys()]);
            await addPartner(bob, alice);
            await eventually("bob's DomainRoute alice-bob", async () =>
                (await bob.jsonpath(["dr", "alice-bob", "-n", "bob"], "{.metadata.name}")) ? true : undefined,
            );
            assert.ok(Date.now() < r13.t + wait13 - 1000, "bob added alice before alice's next attempt");
            assert.equal(await readyOf(alice, "alice-bob"), "False");
            await alice.readyOf("alice-bob", "True", undefined, r13.t + wait13 + 5000 - Date.now());
            const ok = await logged(alice, /DomainRoute alice\/alice-bob: handshake succeeded/, 1000);
            assert.ok(
                ok.t - r13.t >= wait13 - 20 && ok.t - r13.t <= wait13 + 1000,
                `handshake ${ok.t - r13.t} ms after retry:[13], the back-off is ${wait13} ms`,
            );
            assert.deepEqual(lines(alice, queueLine("alice/alice-bob")).map(retryOf), [...Array(14).keys()]);
        },
    );

    it(
        "annotating the ClusterDomainRoute does nothing; changing a label (kubectl label cdr ... --overwrite) makes " +
            "the gateway handshake at once",
        async () => {
            // clusterdomainroute/domainroute.go:55-64,83-93: labels and spec are copied to the DomainRoute, annotations
            // are not; domain_route.go:151-160: any update of the DomainRoute queues it.
            await joinHost(carol, bob);
            const r13 = await logged(
                carol,
                /Re-syncing: queue id\[domain-route-queue\], retry:\[13\] key\[carol\/carol-bob\]/,
                30000,
            );
            await addPartner(bob, carol);
            await eventually("bob's DomainRoute carol-bob", async () =>
                (await bob.jsonpath(["dr", "carol-bob", "-n", "bob"], "{.metadata.name}")) ? true : undefined,
            );
            const annotated = Date.now();
            assert.equal((await carol.kubectl(["annotate", "cdr", "carol-bob", "kick=1", "--overwrite"])).code, 0);
            await new Promise(r => setTimeout(r, 1500));
            assert.equal(await readyOf(carol, "carol-bob"), "False");
            assert.deepEqual(
                lines(carol, /DomainRoute carol\/carol-bob starts handshake/).filter(l => l.t >= annotated),
                [],
            );
            assert.equal(await carol.jsonpath(["dr", "carol-bob", "-n", "carol"], "{.metadata.annotations.kick}"), "");

            const labelled = Date.now();
            assert.ok(labelled < r13.t + wait13 - 2000, "the label changes well before carol's next scheduled attempt");
            const labeled = await carol.kubectl(["label", "cdr", "carol-bob", "kick=1", "--overwrite"]);
            assert.equal(labeled.stdout, "clusterdomainroute.kuscia.secretflow/carol-bob labeled\n", labeled.stderr);
            await carol.readyOf("carol-bob", "True", undefined, 5000);
            const ok = await logged(carol, /DomainRoute carol\/carol-bob: handshake succeeded/, 1000);
            assert.ok(
                ok.t >= labelled && ok.t < r13.t + wait13 - 500,
                `handshake ${ok.t - labelled} ms after the label, ${r13.t + wait13 - ok.t} ms before the scheduled attempt`,
            );
            assert.equal(await carol.jsonpath(["dr", "carol-bob", "-n", "carol"], "{.metadata.labels.kick}"), "1");
        },
    );
});

describe(
    "after 16 requeues the gateway forgets a route; the master's re-rolls bring it back (Kuscia 1.1.0b0, " +
        "KUSCIA_SIM_TIME_SCALE=0.05)",
    () => {
        const scale = 0.05;
        const period = ROLL_PERIOD_MS * scale;
        let root: string;
        let alice: V11Node;
        let bob: V11Node;

        before(async () => {
            root = tempRootV11("forget");
            [alice, bob] = await startAll(root, ["alice", "bob"], scale);
            await addPartner(alice, bob);
        });
        after(async () => {
            for (const n of [alice, bob]) await n?.stop();
            fs.rmSync(root, { recursive: true, force: true });
        });

        it(
            "retries 0 to 15, then Forgetting; a new burst after it; re-rolls 2 min apart (the first up to 4 min after the " +
                "route); the partner that adds us then is seen",
            async () => {
                // queue.go:142-153; domainroute/check.go:134-139 needRollingToNext, rolling.go:31-49,
                // controller.go:43,66 (resync 2 min).
                await joinHost(alice, bob);
                const key = "alice/alice-bob";
                const forgot = await logged(
                    alice,
                    new RegExp(
                        `Forgetting: queue id\\[domain-route-queue\\], key\\[${key}\\] \\(.*\\), due to maximum retries\\[16\\] ` +
                            `reached, last error: "handshake fail, return error:domainRoute`,
                    ),
                    40000,
                );
                const before = lines(alice, queueLine(key)).filter(l => l.t <= forgot.t);
                assert.deepEqual(before.map(retryOf), [...Array(16).keys(), -1]);
                const again = await logged(
                    alice,
                    /Re-syncing: queue id\[domain-route-queue\], retry:\[\d+\] key\[alice\/alice-bob\]/,
                    2 * period + 3000,
                    forgot.t + 1,
                );
                assert.equal(retryOf(again), 0, "a forgotten key starts from the first delay");

                const rolls = await eventually(
                    "three re-rolls",
                    () => {
                        const r = lines(alice, /PreRollingDomainRoute alice\/alice-bob, new revision 0/);
                        return r.length >= 3 ? r : undefined;
                    },
                    3 * period + 3000,
                );
                const gaps = rolls.slice(1).map((r, i) => r.t - rolls[i].t);
                assert.ok(
                    gaps[0] > period - 100 && gaps[0] <= 2 * period + 500,
                    `first re-roll ${gaps[0]} ms after the route's`,
                );
                for (const g of gaps.slice(1))
                    assert.ok(g > period - 100 && g <= 2 * period + 500, `re-rolls ${gaps.join(", ")} ms apart`);
                for (const r of rolls) {
                    await logged(alice, /DomainRoute alice\/alice-bob starts handshake/, 1000, r.t);
                }

                const added = Date.now();
                await addPartner(bob, alice);
                await alice.readyOf("alice-bob", "True", undefined, 2 * period + 5000);
                assert.ok(Date.now() - added <= 2 * period + 5000);
            },
        );
    },
);

describe("why a route is not Ready, before and after its first handshake (Kuscia 1.1.0b0)", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;

    before(async () => {
        root = tempRootV11("reasons");
        alice = await V11Node.create("alice", root);
        bob = await V11Node.create("bob", root);
        for (const n of [alice, bob]) {
            await n.init();
            await n.start();
        }
        await addPartner(alice, bob);
        await addPartner(bob, alice);
        await bob.stop();
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "a partner that does not answer: each attempt is 5 tries a second apart, and the route stays " +
            "DestinationIsNotAuthrized, never DestinationUnreachable",
        async () => {
            // utils/http.go:80-94 DoHTTPWithRetry (handshake.go:95); clusterdomainroute/domainroute.go:110-115 (no
            // token: not authorized).
            await joinHost(alice, bob);
            await alice.readyOf("alice-bob", "False", "DestinationIsNotAuthrized");
            const line = await logged(
                alice,
                /Re-syncing: queue id\[domain-route-queue\], retry:\[1\] key\[alice\/alice-bob\]/,
                10000,
            );
            assert.match(line.text, /handshake fail:https:\/\/127\.0\.0\.1:\d+\/handshake: ECONNREFUSED/);
            const took =
                Number(/re-queuing \(([\d.]+)(ms|s)\)$/.exec(line.text)![1]) * (line.text.endsWith("ms)") ? 1 : 1000);
            const tries = 5 * 1000 * TIME_SCALE;
            assert.ok(took >= tries - 5 && took < tries + 1000, `an attempt took ${took} ms`);
            await new Promise(r => setTimeout(r, (EXPIRE_MS + HEALTH_CHECK_MS) * TIME_SCALE));
            await alice.readyOf("alice-bob", "False", "DestinationIsNotAuthrized", 100);
            assert.doesNotMatch(alice.log, /markDestUnreachable/);
        },
    );

    it(
        "once it has a token, a partner that stops answering is DestinationUnreachable only when no health check got " +
            "through for 45 s",
        async () => {
            // check_healthy.go:30-66 (drExpireDuration, isHeartbeatTimeout); handshake.go:141-145
            // checkConnectionStatus.
            await bob.start();
            await alice.readyOf("alice-bob", "True", undefined, 30000);
            await eventually(
                "a health check that got through",
                async () =>
                    (await bob.jsonpath(
                        ["cdr", "alice-bob"],
                        "{.status.tokenStatus.destinationTokens[*].heartBeatTime}",
                    ))
                        ? true
                        : undefined,
                5000,
            );
            await bob.stop();
            const stopped = Date.now();
            await alice.readyOf("alice-bob", "False", "DestinationUnreachable", 10000);
            const marked = await logged(alice, /markDestUnreachable of dr\(alice-bob\)/, 1000);
            const after = marked.t - stopped;
            assert.ok(
                after >= (EXPIRE_MS - HEALTH_CHECK_MS) * TIME_SCALE - 100 &&
                    after <= (EXPIRE_MS + HEALTH_CHECK_MS) * TIME_SCALE + 1000,
                `unreachable ${after} ms after bob stopped`,
            );
            assert.notEqual(
                await alice.jsonpath(["cdr", "alice-bob"], "{.status.tokenStatus.sourceTokens[*].revision}"),
                "",
            );
        },
    );
});
