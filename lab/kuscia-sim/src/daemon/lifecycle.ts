import * as net from "net";
import { log } from "./log";

/** Runs each step, logging what one throws (`label: message`), so that the timer that calls it keeps running. */
export function guarded(label: string, ...steps: (() => void)[]): () => void {
    return () => {
        for (const step of steps) {
            try {
                step();
            } catch (e: any) {
                log(`${label}: ${e?.message ?? e}`);
            }
        }
    };
}

/** On SIGTERM or SIGINT: runs `stop` (timers, controllers, the Gateway object), closes `servers` and exits 0. */
export function stopOnSignals(servers: net.Server[], stop: () => void): void {
    const onSignal = (signal: string) => {
        log(`${signal}: stopping`);
        stop();
        for (const s of servers) s.close();
        setTimeout(() => process.exit(0), 200).unref();
    };
    process.on("SIGTERM", () => onSignal("SIGTERM"));
    process.on("SIGINT", () => onSignal("SIGINT"));
}

/** A node that cannot start logs why (`fatal: ...`) and exits 1; the container's restart policy takes it from there. */
export function exitOnFailure(start: Promise<void>): void {
    start.catch(e => {
        log(`fatal: ${e?.message ?? e}`);
        process.exit(1);
    });
}
