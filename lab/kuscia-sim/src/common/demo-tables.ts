import * as crypto from "crypto";

/**
 * The demo tables the image ships: alice holds candidates 0..599, bob 400..999 of one id space,
 * so exactly ids 400..599 (200) are shared. Rows are shuffled and feature values drawn from a
 * fixed-seed generator: the same tables every build.
 */
export const DEMO_COLUMNS: Record<string, string[]> = {
    // Key columns as the real tables name them: testdata/alice.csv id1, bob.csv id2.
    alice: ["id1", "age", "education", "balance"],
    bob: ["id2", "contact", "month", "y"],
};

const RANGES: Record<string, [number, number]> = { alice: [0, 600], bob: [400, 1000] };

export function demoId(i: number): string {
    return "u" + crypto.createHash("sha256").update(`kuscia-sim-demo-${i}`).digest("hex").slice(0, 10);
}

function generator(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let t = s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export function demoTableCsv(party: string): string {
    const range = RANGES[party];
    if (!range) throw new Error(`no demo table for ${party}`);
    const rand = generator(party === "alice" ? 17 : 29);
    const rows: string[][] = [];
    for (let i = range[0]; i < range[1]; i++) {
        const r = () => (rand() * 2 - 1).toFixed(4);
        const last = party === "bob" ? String(rand() < 0.3 ? 1 : 0) : r();
        rows.push([demoId(i), r(), r(), last]);
    }
    for (let i = rows.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    return [DEMO_COLUMNS[party], ...rows].map(r => r.join(",")).join("\n") + "\n";
}
