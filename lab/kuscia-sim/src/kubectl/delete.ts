import { resourceRef } from "../store/kinds";
import { Store } from "../store/store";
import { identify } from "./apply";
import { Args } from "./args";
import { KubectlError, notFound } from "./errors";
import { Io } from "./io";
import { readManifests } from "./manifests";
import { namespaceFor, takeTargets } from "./targets";

export function del(store: Store, args: Args, io: Io): number {
    const targets: { kind: ReturnType<typeof takeTargets>["kind"]; ns: string | undefined; name: string }[] = [];
    if (args.filename) {
        const { source, docs } = readManifests(args.filename, io);
        for (const d of docs) {
            const { kind, obj } = identify(d, source, args.namespace);
            targets.push({ kind, ns: obj.metadata.namespace, name: obj.metadata.name });
        }
    } else {
        const positional = [...args.positional];
        const { kind, names } = takeTargets(positional, "delete");
        if (names.length === 0) throw new KubectlError("error: resource(s) were provided, but no name was specified");
        for (const name of names) targets.push({ kind, ns: namespaceFor(kind, args.namespace), name });
    }
    let failed = false;
    for (const t of targets) {
        if (store.delete(t.kind, t.ns, t.name)) io.out(`${resourceRef(t.kind)} "${t.name}" deleted\n`);
        else if (!args.ignoreNotFound) {
            io.err(notFound(t.kind.plural, t.name).message + "\n");
            failed = true;
        }
    }
    return failed ? 1 : 0;
}
