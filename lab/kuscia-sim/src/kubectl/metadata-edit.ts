import { resourceRef } from "../store/kinds";
import { Store } from "../store/store";
import { Args } from "./args";
import { KubectlError, notFound } from "./errors";
import { Io } from "./io";
import { namespaceFor, takeTargets } from "./targets";

/** What differs between `kubectl annotate` and `kubectl label`: the map they edit and their wording. */
interface MetadataVerb {
    verb: "annotate" | "label";
    field: "annotations" | "labels";
    noun: string;
    done: string;
    /** kubectl's refusal of a changed value without --overwrite. */
    taken(key: string, value: string): string;
}

const verbs: Record<"annotate" | "label", MetadataVerb> = {
    annotate: {
        verb: "annotate",
        field: "annotations",
        noun: "annotation",
        done: "annotated",
        taken: (k, v) =>
            `error: --overwrite is false but found the following declared annotation(s): '${k}' already has a value (${v})`,
    },
    label: {
        verb: "label",
        field: "labels",
        noun: "label",
        done: "labeled",
        taken: (k, v) => `error: '${k}' already has a value (${v}), and --overwrite is false`,
    },
};

function editMetadata(how: MetadataVerb, store: Store, args: Args, io: Io): number {
    const positional = [...args.positional];
    const { kind, names } = takeTargets(positional, how.verb, false);
    const name = names[0];
    if (!name)
        throw new KubectlError(
            "error: one or more resources must be specified as <resource> <name> or <resource>/<name>",
        );
    const changes = positional;
    if (changes.length === 0) throw new KubectlError(`error: at least one ${how.noun} update is required`);
    const set: Record<string, string> = {};
    const remove: string[] = [];
    for (const c of changes) {
        const eq = c.indexOf("=");
        if (eq > 0) set[c.slice(0, eq)] = c.slice(eq + 1);
        else if (c.endsWith("-") && c.length > 1) remove.push(c.slice(0, -1));
        else throw new KubectlError(`error: invalid ${how.noun} format: ${c}`);
    }
    const ns = namespaceFor(kind, args.namespace);
    const obj = store.get(kind, ns, name);
    if (!obj) throw notFound(kind.plural, name);
    const map = { ...(obj.metadata[how.field] ?? {}) };
    if (!args.overwrite) {
        for (const [k, v] of Object.entries(set)) {
            if (k in map && map[k] !== v) throw new KubectlError(how.taken(k, map[k]));
        }
    }
    Object.assign(map, set);
    for (const k of remove) delete map[k];
    store.update(kind, ns, name, o => {
        if (Object.keys(map).length > 0) o.metadata[how.field] = map;
        else delete o.metadata[how.field];
    });
    io.out(`${resourceRef(kind)}/${name} ${how.done}\n`);
    return 0;
}

export const annotate = (store: Store, args: Args, io: Io) => editMetadata(verbs.annotate, store, args, io);
export const label = (store: Store, args: Args, io: Io) => editMetadata(verbs.label, store, args, io);
