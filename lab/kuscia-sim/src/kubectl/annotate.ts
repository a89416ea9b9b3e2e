import { resourceRef } from "../store/kinds";
import { Store } from "../store/store";
import { Args } from "./args";
import { KubectlError, notFound } from "./errors";
import { Io } from "./io";
import { namespaceFor, takeTargets } from "./targets";

export function annotate(store: Store, args: Args, io: Io): number {
  const positional = [...args.positional];
  const { kind, names } = takeTargets(positional, "annotate", false);
  const name = names[0];
  if (!name) throw new KubectlError("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  const changes = positional;
  if (changes.length === 0) throw new KubectlError("error: at least one annotation update is required");
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const c of changes) {
    const eq = c.indexOf("=");
    if (eq > 0) set[c.slice(0, eq)] = c.slice(eq + 1);
    else if (c.endsWith("-") && c.length > 1) remove.push(c.slice(0, -1));
    else throw new KubectlError(`error: invalid annotation format: ${c}`);
  }
  const ns = namespaceFor(kind, args.namespace);
  const obj = store.get(kind, ns, name);
  if (!obj) throw notFound(kind.plural, name);
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  if (!args.overwrite) {
    for (const [k, v] of Object.entries(set)) {
      if (k in annotations && annotations[k] !== v) {
        throw new KubectlError(`error: --overwrite is false but found the following declared annotation(s): '${k}' already has a value (${annotations[k]})`);
      }
    }
  }
  Object.assign(annotations, set);
  for (const k of remove) delete annotations[k];
  store.update(kind, ns, name, (o) => {
    o.metadata.annotations = annotations;
  });
  io.out(`${resourceRef(kind)}/${name} annotated\n`);
  return 0;
}
