import { Generation } from "../common/generation";
import { goDuration, log } from "./log";

/** pkg/controllers/domain/controller.go maxRetries. */
const MAX_RETRIES = 15;
/** client-go's DefaultControllerRateLimiter: per item, 5 ms doubling with each requeue. */
const BASE_DELAY_MS = 5;

interface Item {
    version: string | undefined;
    requeues: number;
    dueAt: number;
    forgotten: boolean;
}

/**
 * A controller's work queue for keys whose sync failed, as Kuscia's queue.HandleQueueItem runs it
 * (pkg/utils/queue/queue.go): re-queued with the rate limiter's delay up to MAX_RETRIES times, then
 * forgotten until the key's object changes (an update enqueues it again, without resetting the count).
 * Its log lines are those of `generation`'s queue.go: 1.1.0b0 says Re-syncing where 0.3.0b0 says Error
 * syncing, and adds how long the sync took.
 */
export class Requeue {
    private readonly items = new Map<string, Item>();

    constructor(
        private readonly queueId: string,
        private readonly generation: Generation,
    ) {}

    /** Whether `key`, whose object is at `version`, is to be synced at `now`. */
    due(key: string, version: string | undefined, now: number): boolean {
        const item = this.items.get(key);
        if (!item) return true;
        if (item.version !== version) {
            item.version = version;
            item.forgotten = false;
            item.dueAt = now;
        }
        return !item.forgotten && now >= item.dueAt;
    }

    /** Records a failed sync that took `elapsedMs`: re-queued, or forgotten after MAX_RETRIES. */
    failed(key: string, version: string | undefined, error: string, now: number, elapsedMs: number): void {
        const item = this.items.get(key) ?? { version, requeues: 0, dueAt: now, forgotten: false };
        item.version = version;
        this.items.set(key, item);
        const q = JSON.stringify(error);
        const v03 = this.generation === "0.3";
        if (item.requeues < MAX_RETRIES) {
            log(
                v03
                    ? `Error syncing: queue id[${this.queueId}], retry:[${item.requeues}] key[${key}]: ${q}, re-queuing`
                    : `Re-syncing: queue id[${this.queueId}], retry:[${item.requeues}] key[${key}]: ${q}, ` +
                          `re-queuing (${goDuration(elapsedMs)})`,
            );
            item.dueAt = now + BASE_DELAY_MS * 2 ** item.requeues;
            item.requeues++;
            return;
        }
        log(
            v03
                ? `Forgetting: queue id[${this.queueId}], key[${key}], ` +
                      `due to maximum retries[${MAX_RETRIES}] reached, last error: ${q}`
                : `Forgetting: queue id[${this.queueId}], key[${key}] (${goDuration(elapsedMs)}), ` +
                      `due to maximum retries[${MAX_RETRIES}] reached, last error: ${q}`,
        );
        item.requeues = 0;
        item.forgotten = true;
    }

    succeeded(key: string): void {
        this.items.delete(key);
    }
}
