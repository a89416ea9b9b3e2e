import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { named, registrations, resolve, settle, stepLine, testHostKey } from "./harness";
import * as kuscia from "../../components";

describe("ExamplePsiJob", () => {
    let node: kuscia.KusciaAutonomyNode;
    before(() => {
        node = new kuscia.KusciaAutonomyNode("jn", {
            domainId: "alice",
            connection: { host: "10.213.0.11", user: "op", privateKey: "k", hostKey: testHostKey },
            gatewayPort: 8081,
            privileged: false,
        });
    });

    it("runs the job on the node's host after the node is ready, and deletes it on destroy", async () => {
        const job = new kuscia.ExamplePsiJob("psi", { node, jobId: "psi-1", timeoutSeconds: 600 });
        assert.equal((await resolve(job.phase)).value, "Succeeded");
        await settle();
        const step = named("psi-job");
        const bundle = "/home/op/kuscia-autonomy-alice-steps.sh";
        assert.deepEqual(stepLine(step.inputs.create), {
            bundle,
            steps: ["run-job"],
            values: { CONTAINER: "op-kuscia-autonomy-alice", JOB_ID: "psi-1", TIMEOUT_SECONDS: "600" },
        });
        assert.deepEqual(stepLine(step.inputs.delete), {
            bundle,
            steps: ["delete-job"],
            values: { CONTAINER: "op-kuscia-autonomy-alice", JOB_ID: "psi-1" },
        });
        assert.ok(step.dependencies.includes(named("jn-ready").urn));
    });

    const bad: [string, Partial<kuscia.ExamplePsiJobArgs>, string][] = [
        [
            "a job id with upper case",
            { jobId: "PSI" },
            "j.jobId 'PSI' must be a DNS subdomain name (^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$)",
        ],
        [
            "a timeout of shell arithmetic",
            { timeoutSeconds: "x[$(id)]" as any },
            'j.timeoutSeconds "x[$(id)]" must be a whole number of seconds from 1 to 86400',
        ],
        [
            "a timeout as a string",
            { timeoutSeconds: "300" as any },
            'j.timeoutSeconds "300" must be a whole number of seconds from 1 to 86400',
        ],
        [
            "a timeout of zero",
            { timeoutSeconds: 0 },
            "j.timeoutSeconds 0 must be a whole number of seconds from 1 to 86400",
        ],
    ];
    for (const [title, over, message] of bad) {
        it(`refuses ${title} before making the step`, async () => {
            assert.throws(
                () => new kuscia.ExamplePsiJob("j", { node, jobId: "psi-2", ...over }),
                (e: Error) => e instanceof kuscia.KusciaValidationError && e.message === message,
            );
            await settle();
            assert.ok(!registrations.some(r => r.name === "j-job"), "no job step");
        });
    }
});
