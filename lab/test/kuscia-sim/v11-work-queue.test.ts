import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { WorkQueue } from "../../kuscia-sim/src/v11/daemon/work-queue";

// Read by the queue at its first delay: 5 ms × 2^15 (164 s in Kuscia) is 164 ms here.
process.env.KUSCIA_SIM_TIME_SCALE = "0.001";
const SCALE = 0.001;
const KEY = "alice/alice-bob";

/** Runs `body` with the queue's log lines captured (the rest goes through); returns them without their timestamps. */
async function logged(body: () => Promise<void>): Promise<string[]> {
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: any, ...rest: any[]) => {
        if (typeof chunk === "string" && / queue id\[/.test(chunk)) return (lines.push(chunk), true);
        return write.call(process.stdout, chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
        await body();
    } finally {
        process.stdout.write = write;
    }
    return lines.map(l =>
        l
            .trimEnd()
            .replace(/^\S+ /, "")
            .replace(/ \([^)]*\)(, due|$)/, "$1"),
    );
}

const until = async (what: string, done: () => boolean, timeoutMs = 3000) => {
    const end = Date.now() + timeoutMs;
    while (!done()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise(r => setTimeout(r, 1));
    }
};

describe("the gateway's work queue (client-go's rate-limited queue as Kuscia's queue.HandleQueueItem works it)", () => {
    it(
        "a key that keeps failing: retries 0 to 15 after 5 ms " +
            "doubling, then Forgetting; an add starts again from 0",
        async () => {
            const at: number[] = [];
            const q = new WorkQueue("domain-route-queue", 16, async () => {
                at.push(performance.now());
                throw new Error("refused");
            });
            const lines = await logged(async () => {
                q.add(KEY);
                await until("17 attempts", () => at.length === 17);
                await new Promise(r => setTimeout(r, 200));
                assert.equal(at.length, 17, "nothing re-queued after Forgetting");
                q.add(KEY);
                await until("an 18th attempt", () => at.length === 18);
                q.stop();
            });
            for (let n = 10; n < 16; n++) {
                const wait = at[n + 1] - at[n];
                assert.ok(
                    wait >= 5 * 2 ** n * SCALE - 3 && wait < 5 * 2 ** n * SCALE + 30,
                    `wait after retry ${n}: ${wait} ms`,
                );
            }
            const expected = [...Array(16).keys()].map(
                n => `Re-syncing: queue id[domain-route-queue], retry:[${n}] key[${KEY}]: "refused", re-queuing`,
            );
            expected.push(
                `Forgetting: queue id[domain-route-queue], key[${KEY}], due to maximum retries[16] reached, last error: ` +
                    `"refused"`,
            );
            expected.push(`Re-syncing: queue id[domain-route-queue], retry:[0] key[${KEY}]: "refused", re-queuing`);
            assert.deepEqual(lines.slice(0, 18), expected);
        },
    );

    it(
        "an add during a pending wait runs at once without " + "resetting the count, and the pending wait still fires",
        async () => {
            const at: number[] = [];
            const q = new WorkQueue("domain-route-queue", 16, async () => {
                at.push(performance.now());
                throw new Error("refused");
            });
            const lines = await logged(async () => {
                q.add(KEY);
                await until("15 attempts", () => at.length === 15);
                // Waiting 5 ms × 2^14 (82 ms here) after retry:[14].
                await new Promise(r => setTimeout(r, 20));
                q.add(KEY);
                await until("the kicked attempt", () => at.length === 16);
                await until("the pending one", () => at.length === 17, 500);
                await new Promise(r => setTimeout(r, 250));
                q.stop();
            });
            assert.ok(at[15] - at[14] >= 19 && at[15] - at[14] < 40, `kicked ${at[15] - at[14]} ms after retry:[14]`);
            assert.ok(
                at[16] - at[14] >= 5 * 2 ** 14 * SCALE - 3 && at[16] - at[14] < 5 * 2 ** 14 * SCALE + 30,
                `the pending attempt ${at[16] - at[14]} ms after retry:[14]`,
            );
            assert.equal(at.length, 17);
            assert.match(lines[15], /retry:\[15\]/);
            assert.match(lines[16], /^Forgetting: /);
        },
    );

    it("a success forgets the count; a change while the key is processed runs it once more after", async () => {
        let calls = 0;
        let kicked = false;
        const q = new WorkQueue("domain-route-queue", 16, async () => {
            calls++;
            if (calls === 4 && !kicked) {
                kicked = true;
                q.add(KEY);
                q.add(KEY);
                return;
            }
            if (calls !== 4) throw new Error("refused");
        });
        const lines = await logged(async () => {
            q.add(KEY);
            await until("six calls", () => calls === 6);
            await new Promise(r => setTimeout(r, 20));
            q.stop();
        });
        assert.deepEqual(
            lines.slice(0, 5).map(l => /retry:\[(\d+)\]/.exec(l)?.[1]),
            ["0", "1", "2", "0", "1"],
        );
    });
});
