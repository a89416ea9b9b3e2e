import * as yaml from "js-yaml";
import { KindInfo, resourceRef } from "../store/kinds";
import { KObject } from "../store/object";
import { alignColumns, humanAge } from "./columns";
import { evaluate, formatValue, parsePath, renderTemplate } from "./jsonpath";
import { KubectlError } from "./errors";

export interface PrintRequest {
    readonly kind: KindInfo;
    readonly objects: KObject[];
    /** A single object asked for by name prints as itself, otherwise as a List. */
    readonly single: boolean;
    readonly output: string | undefined;
    readonly allNamespaces: boolean;
}

export function asList(objects: KObject[]): unknown {
    return { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
}

export function print(req: PrintRequest): string {
    const out = req.output ?? "";
    const data = req.single ? req.objects[0] : asList(req.objects);
    // Kubernetes prints unstructured objects with their keys sorted.
    if (out === "json") return JSON.stringify(sortKeys(data), null, 4) + "\n";
    if (out === "yaml") return yaml.dump(data, { noRefs: true, lineWidth: -1, sortKeys: true });
    if (out === "name") return req.objects.map(o => `${resourceRef(req.kind)}/${o.metadata.name}\n`).join("");
    if (out.startsWith("jsonpath=")) return renderTemplate(stripQuotes(out.slice("jsonpath=".length)), data);
    if (out.startsWith("custom-columns=")) return customColumns(out.slice("custom-columns=".length), req.objects);
    if (out === "" || out === "wide") return table(req);
    throw new KubectlError(
        `error: unable to match a printer suitable for the output format "${out}", allowed formats are: ` +
            "custom-columns,json,jsonpath,name,wide,yaml",
    );
}

function stripQuotes(s: string): string {
    return /^(['"]).*\1$/s.test(s) ? s.slice(1, -1) : s;
}

function cell(obj: KObject, path: string): string {
    const values = evaluate(parsePath(path), obj).filter(v => v !== undefined && v !== null && v !== "");
    return values.length ? values.map(formatValue).join(",") : "<none>";
}

function customColumns(spec: string, objects: KObject[]): string {
    const cols = spec.split(",").map(c => {
        const i = c.indexOf(":");
        if (i < 0)
            throw new KubectlError(`error: unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
        let path = c.slice(i + 1).trim();
        if (path.startsWith("{") && path.endsWith("}")) path = path.slice(1, -1);
        if (!path.startsWith(".") && !path.startsWith("$") && !path.startsWith("@")) path = "." + path;
        return { header: c.slice(0, i), path };
    });
    return alignColumns([cols.map(c => c.header), ...objects.map(o => cols.map(c => cell(o, c.path)))]);
}

function table(req: PrintRequest): string {
    const { kind, objects } = req;
    const withNs = kind.namespaced && req.allNamespaces;
    const header = [
        ...(withNs ? ["NAMESPACE"] : []),
        "NAME",
        ...(kind.columns.length ? kind.columns.map(c => c.header) : ["AGE"]),
    ];
    const rows = objects.map(o => [
        ...(withNs ? [o.metadata.namespace ?? ""] : []),
        o.metadata.name,
        ...(kind.columns.length
            ? kind.columns.map(c => (c.date ? dateCell(o, c.path) : cell(o, c.path)))
            : [humanAge(o.metadata.creationTimestamp)]),
    ]);
    return alignColumns([header, ...rows]);
}

function dateCell(obj: KObject, path: string): string {
    const v = evaluate(parsePath(path), obj)[0];
    return typeof v === "string" && v ? humanAge(v) : "<none>";
}

function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map(k => [k, sortKeys((v as Record<string, unknown>)[k])]),
        );
    }
    return v;
}
