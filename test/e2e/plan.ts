// What `pulumi preview --json` plans: the steps that change something, by operation, type and name.
import { ok, type Stack } from "../support/pulumi";

export interface PlannedStep {
    op: string;
    type: string;
    name: string;
}

/** A URN's resource type (the last of its type chain) and name. */
export function urnParts(urn: string): { type: string; name: string } {
    const [, , typeChain, ...name] = urn.split("::");
    return { type: typeChain.split("$").pop()!, name: name.join("::") };
}

/** Every step a preview plans, sorted by name. */
export async function plannedSteps(stack: Stack, extraArgs: string[] = []): Promise<PlannedStep[]> {
    const preview = ok(await stack.run(["preview", "--json", ...extraArgs]));
    const steps: { op: string; urn: string }[] = JSON.parse(preview.stdout).steps ?? [];
    return steps
        .map(s => ({ op: s.op, ...urnParts(s.urn) }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.op.localeCompare(b.op));
}

/** Every step of a preview that is not `same`, sorted by name. */
export async function changedSteps(stack: Stack, extraArgs: string[] = []): Promise<PlannedStep[]> {
    return (await plannedSteps(stack, extraArgs)).filter(s => s.op !== "same");
}

/** The URN of the stack's resource named `name` (from `stack export`), for `--replace` and `--target`. */
export async function urnOf(stack: Stack, name: string): Promise<string> {
    const resources: { urn: string }[] =
        JSON.parse(ok(await stack.run(["stack", "export"])).stdout).deployment.resources ?? [];
    const found = resources.filter(r => urnParts(r.urn).name === name);
    if (found.length !== 1) throw new Error(`${found.length} resources named ${name} in ${stack.name}`);
    return found[0].urn;
}
