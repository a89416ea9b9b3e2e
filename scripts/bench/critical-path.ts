// The engine's per-resource timings of one `pulumi up` (its `--json` event stream, read as it
// arrives so that each event gets a millisecond time) and the critical path through the resources'
// dependencies (from `pulumi stack export`).

export interface Span {
    start: number;
    end: number;
}

/** Collects resource spans from engine events fed to `onStdout` as `pulumi up --json` prints them. */
export function eventSpans(): { onStdout: (chunk: string) => void; spans: Map<string, Span> } {
    const spans = new Map<string, Span>();
    let depth = 0;
    let inString = false;
    let escaped = false;
    let event = "";
    // `--json` prints one indented JSON object per event: cut the stream at top-level braces
    // (outside strings, which hold script text with braces of their own).
    const onStdout = (chunk: string) => {
        const now = Date.now();
        for (const ch of chunk) {
            if (depth > 0) event += ch;
            if (inString) {
                if (escaped) escaped = false;
                else if (ch === "\\") escaped = true;
                else if (ch === '"') inString = false;
            } else if (ch === '"') inString = depth > 0;
            else if (ch === "{") {
                if (depth++ === 0) event = ch;
            } else if (ch === "}" && depth > 0 && --depth === 0) {
                take(JSON.parse(event), now);
                event = "";
            }
        }
    };
    const take = (e: any, now: number) => {
        const pre = e.resourcePreEvent?.metadata;
        const out = e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata;
        if (pre?.urn && !spans.has(pre.urn)) spans.set(pre.urn, { start: now, end: now });
        if (out?.urn && spans.has(out.urn)) spans.get(out.urn)!.end = now;
    };
    return { onStdout, spans };
}

interface StateResource {
    urn: string;
    custom?: boolean;
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

export interface CriticalPath {
    /** Milliseconds along the longest chain of dependent resources. */
    ms: number;
    /** That chain, first resource first, by resource name. */
    chain: string[];
}

/**
 * The longest chain of resources, each waiting for the one before (a dependency on a component
 * waits for all of the component's descendants), weighted by each resource's span.
 */
export function criticalPath(exported: string, spans: Map<string, Span>): CriticalPath {
    const resources: StateResource[] = JSON.parse(exported).deployment?.resources ?? [];
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const children = new Map<string, string[]>();
    for (const r of resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    const customDescendants = (urn: string): string[] =>
        (children.get(urn) ?? []).flatMap(c => (byUrn.get(c)?.custom ? [c] : []).concat(customDescendants(c)));
    const waitsFor = (r: StateResource): string[] => {
        const direct = new Set([...(r.dependencies ?? []), ...Object.values(r.propertyDependencies ?? {}).flat()]);
        return [...direct].flatMap(d => (byUrn.get(d)?.custom === false ? customDescendants(d) : [d]));
    };
    const memo = new Map<string, CriticalPath>();
    const longest = (urn: string): CriticalPath => {
        const known = memo.get(urn);
        if (known) return known;
        const r = byUrn.get(urn);
        const span = spans.get(urn);
        const own = span ? span.end - span.start : 0;
        let best: CriticalPath = { ms: 0, chain: [] };
        for (const d of r ? waitsFor(r) : []) {
            const p = longest(d);
            if (p.ms > best.ms) best = p;
        }
        const result = { ms: best.ms + own, chain: [...best.chain, urn.split("::").pop() ?? urn] };
        memo.set(urn, result);
        return result;
    };
    let top: CriticalPath = { ms: 0, chain: [] };
    for (const r of resources)
        if (r.custom) {
            const p = longest(r.urn);
            if (p.ms > top.ms) top = p;
        }
    return top;
}

/** When the first custom resource (the first real operation, after the program's start) started. */
export function firstOperationStart(exported: string, spans: Map<string, Span>): number {
    const resources: StateResource[] = JSON.parse(exported).deployment?.resources ?? [];
    return Math.min(...resources.filter(r => r.custom && spans.has(r.urn)).map(r => spans.get(r.urn)!.start));
}
