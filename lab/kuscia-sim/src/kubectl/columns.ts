/** Aligns rows the way kubectl's tabwriter does: columns padded to their widest cell plus three spaces. */
export function alignColumns(rows: string[][]): string {
    const widths: number[] = [];
    for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return (
        rows
            .map(row => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join(""))
            .join("\n") + "\n"
    );
}

/** kubectl's human-readable age (k8s.io/apimachinery duration.HumanDuration). */
export function humanAge(since: string | undefined, now = Date.now()): string {
    if (!since) return "<unknown>";
    const t = Date.parse(since);
    if (Number.isNaN(t)) return "<invalid>";
    const s = Math.max(0, Math.floor((now - t) / 1000));
    if (s < 120) return `${s}s`;
    const m = Math.floor(s / 60);
    if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
    if (m < 180) return `${m}m`;
    const h = Math.floor(m / 60);
    if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
    if (h < 48) return `${h}h`;
    const d = Math.floor(h / 24);
    if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
    if (h < 24 * 365 * 2) return `${d}d`;
    const y = Math.floor(d / 365);
    if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
    return `${y}y`;
}
