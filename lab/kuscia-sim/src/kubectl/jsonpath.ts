/**
 * The subset of Kubernetes JSONPath templates that kubectl users write:
 * text, {.a.b}, {.items[*].metadata.name}, {.a[0]}, {.a[1:3]}, {..name}, {.a[?(@.type=="Ready")].status},
 * {range .items[*]}...{end}, {"\n"}. Missing keys yield nothing (kubectl's allow-missing-template-keys).
 */

type Segment =
    | { t: "field"; name: string }
    | { t: "wild" }
    | { t: "recursive"; name: string }
    | { t: "index"; i: number }
    | { t: "slice"; start?: number; end?: number }
    | { t: "filter"; left: Operand; op?: string; right?: Operand };

type Operand = { t: "path"; segments: Segment[] } | { t: "literal"; value: unknown };

type Node =
    | { t: "text"; text: string }
    | { t: "expr"; segments: Segment[] }
    | { t: "range"; segments: Segment[]; body: Node[] };

export class JsonPathError extends Error {}

export function parseTemplate(template: string): Node[] {
    const actions = tokenize(template);
    let pos = 0;
    const parseNodes = (inRange: boolean): Node[] => {
        const nodes: Node[] = [];
        while (pos < actions.length) {
            const a = actions[pos++];
            if (a.text !== undefined) {
                nodes.push({ t: "text", text: a.text });
                continue;
            }
            const body = a.action!.trim();
            if (body === "end") {
                if (!inRange) throw new JsonPathError("not in range, nothing to end");
                return nodes;
            }
            if (body.startsWith("range ")) {
                const segments = parsePath(body.slice("range ".length).trim());
                nodes.push({ t: "range", segments, body: parseNodes(true) });
                continue;
            }
            if (body.startsWith('"') || body.startsWith("'")) {
                nodes.push({ t: "text", text: unquote(body) });
                continue;
            }
            nodes.push({ t: "expr", segments: parsePath(body) });
        }
        if (inRange) throw new JsonPathError("unclosed range");
        return nodes;
    };
    return parseNodes(false);
}

function tokenize(template: string): { text?: string; action?: string }[] {
    const out: { text?: string; action?: string }[] = [];
    let i = 0;
    while (i < template.length) {
        const open = template.indexOf("{", i);
        if (open < 0) {
            out.push({ text: template.slice(i) });
            break;
        }
        if (open > i) out.push({ text: template.slice(i, open) });
        const close = findClose(template, open + 1);
        out.push({ action: template.slice(open + 1, close) });
        i = close + 1;
    }
    return out;
}

/** The index of the first character from `from` on, outside quoted strings, that `stops`; -1 when none does. */
function scanUnquoted(s: string, from: number, stops: (c: string) => boolean): number {
    let quote = "";
    for (let i = from; i < s.length; i++) {
        const c = s[i];
        if (quote) {
            if (c === "\\") i++;
            else if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (stops(c)) return i;
    }
    return -1;
}

function findClose(s: string, from: number): number {
    const i = scanUnquoted(s, from, c => c === "}");
    if (i < 0) throw new JsonPathError(`unclosed action in ${JSON.stringify(s)}`);
    return i;
}

function unquote(s: string): string {
    if (s.startsWith("'")) return s.slice(1, -1);
    try {
        return JSON.parse(s);
    } catch {
        throw new JsonPathError(`bad string literal ${s}`);
    }
}

export function parsePath(expr: string): Segment[] {
    let s = expr.trim();
    if (s.startsWith("$") || s.startsWith("@")) s = s.slice(1);
    const segs: Segment[] = [];
    let i = 0;
    const ident = (): string => {
        // kubectl lets a key contain dots escaped as `\.` (annotation keys such as kuscia.secretflow/x).
        const m = /^(?:[A-Za-z0-9_\-/$]|\\\.)+/.exec(s.slice(i));
        if (!m)
            throw new JsonPathError(
                `unrecognized identifier at ${JSON.stringify(s.slice(i))} in ${JSON.stringify(expr)}`,
            );
        i += m[0].length;
        return m[0].replace(/\\\./g, ".");
    };
    while (i < s.length) {
        if (s.startsWith("..", i)) {
            i += 2;
            segs.push({ t: "recursive", name: ident() });
        } else if (s[i] === ".") {
            i++;
            if (i >= s.length) break;
            if (s[i] === "*") {
                i++;
                segs.push({ t: "wild" });
            } else if (s[i] !== "[") segs.push({ t: "field", name: ident() });
        } else if (s[i] === "[") {
            const close = findBracketClose(s, i);
            segs.push(parseBracket(s.slice(i + 1, close).trim(), expr));
            i = close + 1;
        } else if (i === 0) {
            segs.push({ t: "field", name: ident() });
        } else {
            throw new JsonPathError(`unexpected ${JSON.stringify(s.slice(i))} in ${JSON.stringify(expr)}`);
        }
    }
    return segs;
}

function findBracketClose(s: string, open: number): number {
    let depth = 0;
    const i = scanUnquoted(s, open, c => {
        if (c === "[" || c === "(") depth++;
        else if (c === "]" || c === ")") return --depth === 0 && c === "]";
        return false;
    });
    if (i < 0) throw new JsonPathError(`unterminated [ in ${JSON.stringify(s)}`);
    return i;
}

function parseBracket(b: string, expr: string): Segment {
    if (b === "*") return { t: "wild" };
    if (/^-?\d+$/.test(b)) return { t: "index", i: Number(b) };
    const slice = /^(-?\d*):(-?\d*)$/.exec(b);
    if (slice)
        return {
            t: "slice",
            start: slice[1] ? Number(slice[1]) : undefined,
            end: slice[2] ? Number(slice[2]) : undefined,
        };
    if (/^(['"]).*\1$/.test(b)) return { t: "field", name: unquote(b) };
    const filter = /^\?\((.*)\)$/s.exec(b);
    if (filter) {
        const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/s.exec(filter[1].trim());
        if (!m) return { t: "filter", left: operand(filter[1].trim()) };
        return { t: "filter", left: operand(m[1]), op: m[2], right: operand(m[3]) };
    }
    throw new JsonPathError(`unsupported [${b}] in ${JSON.stringify(expr)}`);
}

function operand(s: string): Operand {
    const v = s.trim();
    if (v.startsWith("@") || v.startsWith("$")) return { t: "path", segments: parsePath(v) };
    if (/^(['"]).*\1$/.test(v)) return { t: "literal", value: unquote(v) };
    if (v !== "" && !Number.isNaN(Number(v))) return { t: "literal", value: Number(v) };
    if (v === "true" || v === "false") return { t: "literal", value: v === "true" };
    throw new JsonPathError(`unsupported filter operand ${JSON.stringify(v)}`);
}

export function evaluate(segments: Segment[], root: unknown): unknown[] {
    let cur: unknown[] = [root];
    for (const seg of segments) {
        const next: unknown[] = [];
        for (const v of cur) step(seg, v, next);
        cur = next;
    }
    return cur;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function step(seg: Segment, v: unknown, out: unknown[]): void {
    switch (seg.t) {
        case "field":
            if (isObject(v) && seg.name in v) out.push(v[seg.name]);
            return;
        case "wild":
            if (Array.isArray(v)) out.push(...v);
            else if (isObject(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
            return;
        case "recursive":
            collect(seg.name, v, out);
            return;
        case "index":
            if (Array.isArray(v)) {
                const i = seg.i < 0 ? v.length + seg.i : seg.i;
                if (i >= 0 && i < v.length) out.push(v[i]);
            }
            return;
        case "slice":
            if (Array.isArray(v)) out.push(...v.slice(seg.start ?? 0, seg.end ?? v.length));
            return;
        case "filter": {
            const items = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
            for (const item of items) if (matches(seg, item)) out.push(item);
            return;
        }
    }
}

function collect(name: string, v: unknown, out: unknown[]): void {
    if (Array.isArray(v)) for (const x of v) collect(name, x, out);
    else if (isObject(v)) {
        if (name in v) out.push(v[name]);
        for (const k of Object.keys(v).sort()) collect(name, v[k], out);
    }
}

function matches(seg: Extract<Segment, { t: "filter" }>, item: unknown): boolean {
    const left = resolve(seg.left, item);
    if (!seg.op) return left.length > 0;
    const right = resolve(seg.right!, item);
    if (left.length === 0 || right.length === 0) return false;
    const a = left[0] as any;
    const b = right[0] as any;
    switch (seg.op) {
        case "==":
            return a === b || String(a) === String(b);
        case "!=":
            return !(a === b || String(a) === String(b));
        case "<":
            return a < b;
        case ">":
            return a > b;
        case "<=":
            return a <= b;
        case ">=":
            return a >= b;
    }
    return false;
}

function resolve(o: Operand, item: unknown): unknown[] {
    return o.t === "literal" ? [o.value] : evaluate(o.segments, item);
}

export function formatValue(v: unknown): string {
    if (typeof v === "string") return v;
    if (v === null || v === undefined) return "";
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
}

export function render(nodes: Node[], data: unknown): string {
    let out = "";
    for (const n of nodes) {
        if (n.t === "text") out += n.text;
        else if (n.t === "expr") out += evaluate(n.segments, data).map(formatValue).join(" ");
        else
            for (const item of evaluate(n.segments, data).flatMap(x => (Array.isArray(x) ? x : [x])))
                out += render(n.body, item);
    }
    return out;
}

/** Renders a kubectl -o jsonpath template against an object or list. */
export function renderTemplate(template: string, data: unknown): string {
    return render(parseTemplate(template), data);
}
