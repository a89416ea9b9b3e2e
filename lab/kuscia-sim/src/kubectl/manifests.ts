import * as fs from "fs";
import * as yaml from "js-yaml";
import { KubectlError } from "./errors";
import { Io } from "./io";

export interface Manifests {
    readonly source: string;
    readonly docs: unknown[];
}

/** Reads `-f FILE|-` as YAML or JSON, one or more documents; `kind: List` documents are unpacked. */
export function readManifests(filename: string | undefined, io: Io): Manifests {
    if (!filename) throw new KubectlError("error: must specify one of -f and -k");
    const source = filename === "-" ? "STDIN" : filename;
    let text: string;
    try {
        text = filename === "-" ? io.readStdin() : fs.readFileSync(filename, "utf8");
    } catch {
        throw new KubectlError(`error: the path "${filename}" does not exist`);
    }
    let docs: unknown[];
    try {
        const t = text.trim();
        docs = t.startsWith("{") || t.startsWith("[") ? (tryJson(t) ?? yaml.loadAll(text)) : yaml.loadAll(text);
    } catch (e: any) {
        throw new KubectlError(`error: error parsing ${source}: ${String(e.message).split("\n")[0]}`);
    }
    const flat: unknown[] = [];
    for (const d of docs) {
        if (d === null || d === undefined) continue;
        if (Array.isArray(d)) flat.push(...d);
        else if (typeof d === "object" && (d as any).kind === "List" && Array.isArray((d as any).items))
            flat.push(...(d as any).items);
        else flat.push(d);
    }
    if (flat.length === 0) throw new KubectlError(`error: no objects passed to apply`);
    return { source, docs: flat };
}

function tryJson(t: string): unknown[] | undefined {
    try {
        return [JSON.parse(t)];
    } catch {
        return undefined;
    }
}
