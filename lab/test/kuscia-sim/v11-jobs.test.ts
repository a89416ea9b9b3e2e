import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { eventually } from "./helpers/run";
import { startJobPairV11, tempRootV11, V11Node } from "./helpers/node-v11";

describe("the example PSI job between two 1.1 nodes (Kuscia 1.1.0b0)", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;
    const phase = (n: V11Node, job: string) => n.jsonpath(["kj", job, "-n", "cross-domain"], "{.status.phase}");

    before(async () => {
        root = tempRootV11("jobs");
        ({ alice, bob } = await startJobPairV11(root));
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("datamesh's default-data-source exists in each domain's namespace", async () => {
        // pkg/datamesh/metaserver/service/domaindatasource.go CreateDefaultDomainDataSource.
        assert.equal(
            await alice.jsonpath(["domaindatasource", "default-data-source", "-n", "alice"], "{.spec.type}"),
            "localfs",
        );
    });

    it(
        "create_example_job.sh makes a KusciaJob in cross-domain with alice and bob hard-coded, initiator from " +
            "kuscia.yaml",
        async () => {
            // scripts/user/create_example_job.sh:44-49 (INITIATOR bob only on bob),
            // scripts/templates/job.2pc_balanced_psi.yaml.
            const out = await bob.mustScript("user/create_example_job.sh", ["PSI", "from-bob"]);
            assert.match(out, /kubectl get kj -n cross-domain/);
            const job = JSON.parse(
                (await bob.kubectl(["get", "kj", "from-bob", "-n", "cross-domain", "-o", "json"])).stdout,
            );
            assert.equal(job.spec.initiator, "bob");
            assert.deepEqual(
                job.spec.tasks[0].parties.map((p: any) => p.domainID),
                ["alice", "bob"],
            );
            assert.equal(job.spec.tasks[0].appImage, "secretflow-image");
            // KusciaJob is namespaced in 1.1 (crds/v1alpha1/kuscia.secretflow_kusciajobs.yaml): not in the default
            // namespace.
            const elsewhere = await bob.kubectl(["get", "kj", "from-bob"]);
            assert.equal(elsewhere.code, 1);
            assert.match(elsewhere.stderr, /\(NotFound\): kusciajobs.* "from-bob" not found/);
        },
    );

    it(
        "runs to Succeeded over the token routes: kubectl get kj -n cross-domain shows the phase, both data dirs get " +
            "psi-output.csv",
        async () => {
            // deploy_p2p_cn.md: kubectl get kj -n cross-domain; task_input_config.2pc_balanced_psi.json sf_output_uris
            // psi-output.csv.
            await alice.mustScript("user/create_example_job.sh", ["PSI", "psi-demo"]);
            await eventually(
                "psi-demo to finish on alice",
                async () => (["Succeeded", "Failed"].includes(await phase(alice, "psi-demo")) ? true : undefined),
                30000,
            );
            const job = JSON.parse(
                (await alice.kubectl(["get", "kj", "psi-demo", "-n", "cross-domain", "-o", "json"])).stdout,
            );
            assert.equal(job.status.phase, "Succeeded", job.status.message);
            const table = (await alice.kubectl(["get", "kj", "-n", "cross-domain"])).stdout.split("\n");
            assert.deepEqual(table[0].split(/\s+/), [
                "NAME",
                "STARTTIME",
                "COMPLETIONTIME",
                "LASTRECONCILETIME",
                "PHASE",
            ]);
            assert.ok(
                table.some(l => /^psi-demo\s.*\sSucceeded$/.test(l)),
                table.join("\n"),
            );
            for (const n of [alice, bob]) {
                const rows = fs.readFileSync(path.join(n.data, "psi-output.csv"), "utf8").trim().split("\n");
                assert.equal(rows.length, 201, `${n.id}: header + 200 common ids`);
            }
            await eventually("bob's copy of psi-demo", async () =>
                (await phase(bob, "psi-demo")) === "Succeeded" ? true : undefined,
            );
        },
    );

    it("a revoked partner fails the job with the partner's 401", async () => {
        assert.equal((await bob.kubectl(["delete", "domain", "alice"])).code, 0);
        await alice.readyOf("alice-bob", "False");
        await alice.mustScript("user/create_example_job.sh", ["PSI", "after-revoke"]);
        await eventually(
            "after-revoke to fail",
            async () => ((await phase(alice, "after-revoke")) === "Failed" ? true : undefined),
            30000,
        );
        assert.match(
            await alice.jsonpath(["kj", "after-revoke", "-n", "cross-domain"], "{.status.message}"),
            /alice->bob: refused by bob's token auth \(HTTP 401/,
        );
    });
});
