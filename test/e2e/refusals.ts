// A run the library must refuse before any host is touched: it fails, names every problem, and
// no lab host logs an SSH login meanwhile.
import * as assert from "node:assert/strict";
import type { LabHosts } from "../../lab/state";
import { sshLoginsDuring } from "./hosts";
import { type Stack, tail } from "./pulumi";

export async function assertRefusedBeforeSsh(lab: LabHosts, stack: Stack, command: string[], problems: string[]): Promise<void> {
  const { result, logins } = await sshLoginsDuring(lab.hosts, () => stack.run(command));
  assert.notEqual(result.status, 0, tail(result));
  const text = `${result.stdout}\n${result.stderr}`;
  for (const problem of problems) {
    assert.ok(text.includes(problem), `missing '${problem}' in:\n${tail(result)}`);
  }
  assert.deepEqual(Object.values(logins).flat(), [], "no host was logged in to");
}
