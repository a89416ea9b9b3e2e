import { scaled } from "../../daemon/clock";
import { goDuration, log } from "../../daemon/log";

/**
 * client-go workqueue.DefaultControllerRateLimiter: per item 5 ms doubling up to 1000 s, overall a 10 qps bucket of
 * 100; the longer wait wins.
 */
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1000 * 1000;
const QPS = 10;
const BURST = 100;

interface Item {
    requeues: number;
    /** Queued, or changed while processing (client-go's dirty set). */
    dirty: boolean;
    processing: boolean;
    waitingUntil?: number;
    timer?: NodeJS.Timeout;
}

/**
 * A controller's rate-limited work queue as client-go keeps it, worked as Kuscia's
 * queue.HandleQueueItem works it (pkg/utils/queue/queue.go:113-171): a key is processed by one worker
 * at a time, an add while it is processed runs it again after; a failed key is re-queued with the rate
 * limiter's delay while NumRequeues < maxRetries, else forgotten (its count reset, nothing re-queued); a
 * success forgets it. A delayed add keeps the earlier of two due times (delaying_queue.go).
 */
export class WorkQueue {
    private readonly items = new Map<string, Item>();
    private tokens = BURST;
    private refilledAt = Date.now();
    private stopped = false;

    constructor(
        private readonly id: string,
        private readonly maxRetries: number,
        private readonly handler: (key: string) => Promise<void>,
    ) {}

    add(key: string): void {
        const item = this.item(key);
        if (this.stopped || item.dirty) return;
        item.dirty = true;
        if (!item.processing) setImmediate(() => void this.process(key));
    }

    stop(): void {
        this.stopped = true;
        for (const item of this.items.values()) clearTimeout(item.timer);
    }

    private item(key: string): Item {
        let item = this.items.get(key);
        if (!item) this.items.set(key, (item = { requeues: 0, dirty: false, processing: false }));
        return item;
    }

    private async process(key: string): Promise<void> {
        const item = this.item(key);
        if (this.stopped || item.processing || !item.dirty) return;
        item.dirty = false;
        item.processing = true;
        const start = performance.now();
        try {
            await this.handler(key);
            item.requeues = 0;
        } catch (e: any) {
            const error = JSON.stringify(String(e?.message ?? e));
            const took = goDuration(performance.now() - start);
            if (item.requeues < this.maxRetries) {
                log(
                    `Re-syncing: queue id[${this.id}], retry:[${item.requeues}] key[${key}]: ${error}, re-queuing (${took})`,
                );
                this.addRateLimited(key, item);
            } else {
                item.requeues = 0;
                log(
                    `Forgetting: queue id[${this.id}], key[${key}] (${took}), ` +
                        `due to maximum retries[${this.maxRetries}] reached, last error: ${error}`,
                );
            }
        } finally {
            item.processing = false;
            if (item.dirty) setImmediate(() => void this.process(key));
        }
    }

    private addRateLimited(key: string, item: Item): void {
        const backoff = scaled(Math.min(BASE_DELAY_MS * 2 ** item.requeues, MAX_DELAY_MS));
        item.requeues++;
        this.addAfter(key, item, Math.max(backoff, this.bucketDelay()));
    }

    private addAfter(key: string, item: Item, ms: number): void {
        const due = Date.now() + ms;
        if (item.timer && item.waitingUntil! <= due) return;
        clearTimeout(item.timer);
        item.waitingUntil = due;
        item.timer = setTimeout(() => {
            item.timer = item.waitingUntil = undefined;
            this.add(key);
        }, ms);
    }

    /** golang.org/x/time/rate Reserve: one token, refilled at QPS up to BURST; a deficit is a wait. */
    private bucketDelay(): number {
        const perMs = QPS / scaled(1000);
        const now = Date.now();
        this.tokens = Math.min(BURST, this.tokens + (now - this.refilledAt) * perMs) - 1;
        this.refilledAt = now;
        return this.tokens >= 0 ? 0 : -this.tokens / perMs;
    }
}
