// A run the library must refuse before any host is touched: it fails, names every problem, and
// no lab host logs an SSH login meanwhile.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LabHosts } from "../../lab/state";
import { sshLoginsDuring } from "../support/hosts";
import { FileBackend, type Stack, tail } from "../support/pulumi";
import { rootStack } from "../support/root-program";

export async function assertRefusedBeforeSsh(
    lab: LabHosts,
    stack: Stack,
    command: string[],
    problems: string[],
): Promise<void> {
    const { result, logins } = await sshLoginsDuring(lab.hosts, () => stack.run(command));
    assert.notEqual(result.status, 0, tail(result));
    const text = `${result.stdout}\n${result.stderr}`;
    for (const problem of problems) {
        assert.ok(text.includes(problem), `missing '${problem}' in:\n${tail(result)}`);
    }
    assert.deepEqual(Object.values(logins).flat(), [], "no host was logged in to");
}

/** A suite: the root program with `config` on a stack of its own, refused at preview and at up alike. */
export function describeRefusedConfig(
    lab: LabHosts,
    title: string,
    name: string,
    config: Record<string, unknown>,
    problems: string[],
): void {
    describe(title, { timeout: 10 * 60_000 }, () => {
        const backend = new FileBackend(name);
        const stack = rootStack(backend, `e2e-${name}`);
        before(async () => {
            await stack.init();
            await stack.setConfig(config as Record<string, string | number | boolean | object>);
        });
        after(async () => {
            await stack.remove();
            backend.remove();
        });
        for (const command of [["preview"], ["up", "--yes"]]) {
            it(`pulumi ${command[0]} names every problem and logs in nowhere`, () =>
                assertRefusedBeforeSsh(lab, stack, command, problems));
        }
    });
}
