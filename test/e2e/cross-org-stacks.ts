// examples/cross-org (TypeScript, project kuscia-org) and examples/python-org (Python, project kuscia-python-org)
// are each one program with one stack per organisation: stack `alice` from the committed Pulumi.alice.yaml, stack
// `bob` from Pulumi.bob.yaml (each: domainId, partner, gatewayPort). A test's stack of an organisation starts from
// that organisation's committed file, as `pulumi stack init alice` does, but under a name of its own (`e2e-...`):
// `stack init`, `config set` and `stack rm` write and remove the stack's Pulumi.<stack>.yaml, which must not be the
// committed one.
import * as path from "node:path";
import { repoRoot } from "../../lab/testing";
import { type FileBackend, Stack } from "../support/pulumi";

/** The TypeScript example's program directory. */
export const crossOrgDir = path.join(repoRoot, "examples/cross-org");
/** The Python example's program directory. */
export const pythonOrgDir = path.join(repoRoot, "examples/python-org");

/**
 * A stack `name` of the example in `program` on `backend` for organisation `org` (`alice` or `bob`), from
 * `Pulumi.<org>.yaml`.
 */
export function orgStack(backend: FileBackend, org: string, name: string, program = crossOrgDir): Stack {
    return new Stack(backend, program, name, path.join(program, `Pulumi.${org}.yaml`));
}
