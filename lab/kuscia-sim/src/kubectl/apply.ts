import { admit, ApiError, checkName, invalid } from "../store/admission";
import { groupOf, KindInfo, kindOf, resourceRef } from "../store/kinds";
import { KObject } from "../store/object";
import { Store } from "../store/store";
import { Args } from "./args";
import { KubectlError } from "./errors";
import { Io } from "./io";
import { readManifests } from "./manifests";

export function apply(store: Store, args: Args, io: Io): number {
    const { source, docs } = readManifests(args.filename, io);
    let failed = false;
    for (const doc of docs) {
        try {
            io.out(applyOne(store, doc, source, args.namespace) + "\n");
        } catch (e) {
            if (!(e instanceof KubectlError)) throw e;
            io.err(e.message + "\n");
            failed = true;
        }
    }
    return failed ? 1 : 0;
}

/** Checks a manifest and finds its kind, namespace and name, in kubectl's words when it can't. */
export function identify(doc: unknown, source: string, nsFlag: string | undefined): { kind: KindInfo; obj: KObject } {
    if (typeof doc !== "object" || doc === null)
        throw new KubectlError(`error: error validating "${source}": error validating data: invalid object`);
    const obj = doc as KObject;
    if (!obj.apiVersion)
        throw new KubectlError(`error: error validating "${source}": error validating data: apiVersion not set`);
    if (!obj.kind) throw new KubectlError(`error: error validating "${source}": error validating data: kind not set`);
    const kind = kindOf(obj.kind);
    const apiVersion = String(obj.apiVersion);
    if (!kind || (apiVersion.includes("/") ? apiVersion.split("/")[0] : "") !== groupOf(kind)) {
        throw new KubectlError(
            `error: resource mapping not found for name: "${obj.metadata?.name ?? ""}" namespace: ` +
                `"${obj.metadata?.namespace ?? ""}" ` +
                `from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are ` +
                `installed first`,
        );
    }
    obj.metadata = { ...(obj.metadata ?? {}) } as KObject["metadata"];
    const name = obj.metadata.name;
    if (!name || typeof name !== "string")
        throw new KubectlError(
            `error: error when retrieving current configuration from ${source}: resource name may not be empty`,
        );
    if (kind.namespaced) {
        const declared = obj.metadata.namespace;
        if (declared && nsFlag && declared !== nsFlag) {
            throw new KubectlError(
                `error: the namespace from the provided object "${declared}" does not match the namespace "${nsFlag}". ` +
                    `You must pass '--namespace=${declared}' to perform this operation.`,
            );
        }
        obj.metadata.namespace = declared || nsFlag || "default";
    } else {
        delete obj.metadata.namespace;
    }
    return { kind, obj };
}

function applyOne(store: Store, doc: unknown, source: string, nsFlag: string | undefined): string {
    const { kind, obj } = identify(pruneNulls(doc), source, nsFlag);
    const name = obj.metadata.name;
    const ref = `${resourceRef(kind)}/${name}`;
    const existing = store.get(kind, obj.metadata.namespace, name);
    const desired = desiredState(obj, existing);
    try {
        admit(kind, desired);
        checkName(kind, name);
        const schemaProblem = schemaProblems(kind.kind, obj);
        if (schemaProblem) throw invalid(kind, name, [schemaProblem]);
    } catch (e) {
        if (e instanceof ApiError) throw refusal(e, source);
        throw e;
    }
    if (existing && comparable(existing) === comparable(desired)) return `${ref} unchanged`;
    store.put(kind, desired);
    return `${ref} ${existing ? "configured" : "created"}`;
}

/**
 * kubectl's CheckErr of the API server's refusal of a create: an Invalid one from its details, others with their reason
 * and source.
 */
function refusal(e: ApiError, source: string): KubectlError {
    if (e.details) {
        const { kind, name, causes } = e.details;
        return new KubectlError(
            `The ${kind} "${name}" is invalid: ${causes.length === 1 ? causes[0] : `\n* ${causes.join("\n* ")}`}`,
        );
    }
    return new KubectlError(`Error from server (${e.reason}): error when creating "${source}": ${e.message}`);
}

/**
 * The one CRD schema rule the scripts can break: a route's ports are integers
 * (crds/v1alpha1 kuscia.secretflow_domainroutes.yaml, _clusterdomainroutes.yaml).
 */
function schemaProblems(kind: string, obj: KObject): string | undefined {
    if (kind !== "DomainRoute" && kind !== "ClusterDomainRoute") return undefined;
    const ports: unknown = obj.spec?.endpoint?.ports;
    if (!Array.isArray(ports)) return undefined;
    for (const [i, p] of ports.entries()) {
        const v = p?.port;
        if (v !== undefined && !Number.isInteger(v)) {
            const field = `spec.endpoint.ports[${i}].port`;
            return `${field}: Invalid value: "${typeof v}": ${field} in body must be of type integer: "${typeof v}"`;
        }
    }
    return undefined;
}

/** The object to store: the manifest's fields over the existing object's server-side metadata and status. */
function desiredState(manifest: KObject, existing: KObject | undefined): KObject {
    const { status: _ignored, metadata, ...rest } = manifest;
    const meta = { ...metadata };
    for (const k of ["uid", "resourceVersion", "creationTimestamp", "generation"]) delete meta[k];
    if (!existing) return { ...rest, metadata: { ...meta, generation: 1 } } as KObject;
    const annotations = { ...(existing.metadata.annotations ?? {}), ...(meta.annotations ?? {}) };
    const merged: KObject = {
        ...rest,
        metadata: {
            ...meta,
            ...(Object.keys(annotations).length ? { annotations } : {}),
            uid: existing.metadata.uid,
            resourceVersion: existing.metadata.resourceVersion,
            creationTimestamp: existing.metadata.creationTimestamp,
            generation: existing.metadata.generation ?? 1,
        },
    } as KObject;
    if (JSON.stringify(existing.spec) !== JSON.stringify(merged.spec))
        merged.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    if (existing.status !== undefined) merged.status = existing.status;
    return merged;
}

/**
 * The API server drops null fields of a structural CRD schema that does not mark them nullable (e.g. `cert:` with no
 * value).
 */
function pruneNulls(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(pruneNulls);
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.entries(v)
                .filter(([, x]) => x !== null)
                .map(([k, x]) => [k, pruneNulls(x)]),
        );
    }
    return v;
}

function comparable(o: KObject): string {
    const { status: _s, metadata, ...rest } = o;
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, generation: _g, ...meta } = metadata;
    return stableJson({ ...rest, metadata: meta });
}

function stableJson(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
    if (v && typeof v === "object") {
        return `{${Object.keys(v)
            .sort()
            .map(k => `${JSON.stringify(k)}:${stableJson((v as any)[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(v);
}
