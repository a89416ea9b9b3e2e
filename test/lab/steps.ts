import { it, TestContext } from "node:test";

/** Sequential steps of one procedure: after a failed step the rest are skipped, not run blind. */
export function steps(): (name: string, fn: (t: TestContext) => unknown) => void {
    let failed: string | undefined;
    return (name, fn) =>
        it(name, async t => {
            if (failed) {
                t.skip(`skipped: step '${failed}' failed`);
                return;
            }
            try {
                await fn(t);
            } catch (e) {
                failed = name;
                throw e;
            }
        });
}
