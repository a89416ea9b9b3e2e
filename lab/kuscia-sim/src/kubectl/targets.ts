import { KindInfo, resolveKind } from "../store/kinds";
import { KubectlError, unknownResource } from "./errors";

export interface Target {
    readonly kind: KindInfo;
    readonly names: string[];
}

/** Reads `KIND [NAME...]` or `KIND/NAME [KIND/NAME...]` from the front of `positional` (consumed). */
export function takeTargets(positional: string[], verb: string, allowMany = true): Target {
    const first = positional.shift();
    if (!first) {
        throw new KubectlError(
            `error: You must specify the type of resource to ${verb}. Use "kubectl api-resources" for a complete list of ` +
                `supported resources.`,
        );
    }
    if (first.includes("/")) {
        const [kindName, name] = first.split("/", 2);
        const kind = resolveKind(kindName);
        if (!kind) throw unknownResource(kindName);
        const names = [name];
        while (allowMany && positional.length && positional[0].includes("/")) {
            const [k2, n2] = positional.shift()!.split("/", 2);
            if (resolveKind(k2) !== kind)
                throw new KubectlError("error: kuscia-sim's kubectl takes one resource type per command");
            names.push(n2);
        }
        return { kind, names };
    }
    const kind = resolveKind(first.split(",")[0]);
    if (!kind || first.includes(",")) throw unknownResource(first);
    const names: string[] = [];
    while (positional.length && (allowMany || names.length === 0)) names.push(positional.shift()!);
    return { kind, names };
}

export function namespaceFor(kind: KindInfo, flag: string | undefined): string | undefined {
    return kind.namespaced ? flag || "default" : undefined;
}
