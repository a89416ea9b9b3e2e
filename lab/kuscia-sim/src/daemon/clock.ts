/**
 * KUSCIA_SIM_TIME_SCALE: every timer of the 1.1 daemon is Kuscia's duration times this factor
 * (default 1, real time; 0.01 makes each 100 times shorter). Read once. A 0.3 node runs in real time.
 */
let scale: number | undefined;

export function timeScale(): number {
    if (scale === undefined) {
        const raw = process.env.KUSCIA_SIM_TIME_SCALE;
        const n = raw ? Number(raw) : 1;
        if (!Number.isFinite(n) || n <= 0) throw new Error(`KUSCIA_SIM_TIME_SCALE=${raw} is not a positive number`);
        scale = n;
    }
    return scale;
}

export const scaled = (ms: number): number => ms * timeScale();

/** The simulator's own polling, which stands in for Kuscia's watches: scaled too, but no finer than `floorMs`. */
export const pollMs = (ms: number, floorMs: number): number => Math.max(floorMs, scaled(ms));

/** Milliseconds on Kuscia's clock, for code that compares times with unscaled delays. */
export const kusciaNow = (): number => Date.now() / timeScale();

export const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms));
