import { Store } from "../store/store";
import { KObject } from "../store/object";
import { Args } from "./args";
import { KubectlError, notFound } from "./errors";
import { print } from "./printers";
import { namespaceFor, takeTargets } from "./targets";
import { Io } from "./io";

export function get(store: Store, args: Args, io: Io): number {
    const positional = [...args.positional];
    const { kind, names } = takeTargets(positional, "get");
    const ns = namespaceFor(kind, args.namespace);
    if (names.length === 0) {
        const all = kind.namespaced && args.allNamespaces;
        const objects = store.list(kind, all ? undefined : ns);
        if (objects.length === 0 && isHuman(args.output)) {
            io.err(kind.namespaced && !all ? `No resources found in ${ns} namespace.\n` : "No resources found\n");
            return 0;
        }
        io.out(print({ kind, objects, single: false, output: args.output, allNamespaces: all }));
        return 0;
    }
    const found: KObject[] = [];
    const errors: KubectlError[] = [];
    for (const name of names) {
        const obj = store.get(kind, ns, name);
        if (obj) found.push(obj);
        else errors.push(notFound(kind.plural, name));
    }
    if (found.length)
        io.out(print({ kind, objects: found, single: names.length === 1, output: args.output, allNamespaces: false }));
    for (const e of errors) io.err(e.message + "\n");
    return errors.length ? 1 : 0;
}

function isHuman(output: string | undefined): boolean {
    return !output || output === "wide" || output.startsWith("custom-columns=");
}
