export function log(message: string): void {
    process.stdout.write(`${new Date().toISOString()} ${message}\n`);
}

/** Go's time.Duration.String for the short durations a sync takes, as Kuscia's queues log them. */
export function goDuration(ms: number): string {
    const trim = (s: string) => s.replace(/\.?0+$/, "");
    if (ms < 1) return `${trim((ms * 1000).toFixed(3))}µs`;
    if (ms < 1000) return `${trim(ms.toFixed(6))}ms`;
    return `${trim((ms / 1000).toFixed(9))}s`;
}
