import { DNS1123_LABEL, nameProblems } from "../common/names";
import { groupOf, KindInfo } from "./kinds";
import { KObject } from "./object";

/** A request the API server refused, with its Status reason and message (client-go's StatusError). */
export class ApiError extends Error {
    constructor(
        readonly reason: "Invalid" | "NotFound",
        message: string,
        /** For Invalid: the kind, name and field errors kubectl prints. */
        readonly details?: { readonly kind: string; readonly name: string; readonly causes: readonly string[] },
    ) {
        super(message);
    }
}

/** apierrors.NewInvalid: one field error as it is, several as an aggregate in brackets. */
export function invalid(kind: KindInfo, name: string, causes: string[]): ApiError {
    const group = groupOf(kind);
    const qualified = group ? `${kind.kind}.${group}` : kind.kind;
    const body = causes.length === 1 ? causes[0] : `[${causes.join(", ")}]`;
    return new ApiError("Invalid", `${qualified} "${name}" is invalid: ${body}`, { kind: kind.kind, name, causes });
}

/**
 * What the API server does to a write before it stores it, as far as the sim follows it. An object
 * in a namespace whose name is not an RFC 1123 label is refused as NamespaceLifecycle refuses one in
 * a missing namespace (no such Namespace can exist); other namespaces are not checked. A Namespace's
 * name must be a label, and it gets the namespace strategy's defaults.
 */
/** The API server's refusal of an object whose name its kind does not take. */
export function checkName(kind: KindInfo, name: string): void {
    const problems = nameProblems(kind.kind, name);
    if (problems.length) {
        throw invalid(
            kind,
            name,
            problems.map(p => `metadata.name: Invalid value: "${name}": ${p}`),
        );
    }
}

export function admit(kind: KindInfo, obj: KObject): void {
    const ns = obj.metadata.namespace;
    if (kind.namespaced && ns && !DNS1123_LABEL.test(ns))
        throw new ApiError("NotFound", `namespaces "${ns}" not found`);
    if (kind.kind !== "Namespace") return;
    const name = obj.metadata.name;
    checkName(kind, name);
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": name };
    obj.spec = { ...(obj.spec ?? {}), finalizers: obj.spec?.finalizers ?? ["kubernetes"] };
    obj.status = obj.status ?? { phase: "Active" };
}
