import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { psiPlan } from "../../kuscia-sim/src/daemon/task-config";
import { exampleTaskInputConfig } from "../../kuscia-sim/src/common/example-job";
import { taskInputConfigV11 } from "../../kuscia-sim/src/v11/task-input-config";

const config = (inputs: [string, string][], keys: [string, string], out?: string) =>
    JSON.stringify({
        sf_node_eval_param: {
            attr_paths: ["input/receiver_input/key", "input/sender_input/key", "protocol"],
            attrs: [{ ss: [keys[0]] }, { ss: [keys[1]] }, { s: "ECDH_PSI_2PC" }],
            inputs: inputs.map(([party, uri]) => ({ data_refs: [{ party, uri, format: "csv" }] })),
        },
        ...(out ? { sf_output_uris: [out] } : {}),
    });

describe("psiPlan", () => {
    it(
        "Kuscia 1.1's config: the i-th party reads the DomainData sf_input_ids[i] of its namespace, keyed on " +
            "input_ds{i+1}",
        () => {
            const c = taskInputConfigV11(["ivy", "joe"], ["alice-table", "bob-table"]);
            const uris: Record<string, string> = { "alice-table": "alice.csv", "bob-table": "tables/bob.csv" };
            const asked: string[] = [];
            const lookup = (id: string) => (asked.push(id), uris[id]);
            assert.deepEqual(psiPlan(c, "ivy", lookup), {
                dataSource: "default-data-source",
                table: "alice.csv",
                key: "id1",
                output: "psi-output.csv",
            });
            assert.deepEqual(psiPlan(c, "joe", lookup), {
                dataSource: "default-data-source",
                table: "tables/bob.csv",
                key: "id2",
                output: "psi-output.csv",
            });
            assert.deepEqual(asked, ["alice-table", "bob-table"], "each party looks up only its own input");
            // A party that is not in the job, or a DomainData it does not hold: the fallbacks.
            assert.deepEqual(psiPlan(c, "kim", lookup), {
                dataSource: "default-data-source",
                table: "kim.csv",
                key: "id",
                output: "psi-output.csv",
            });
            assert.deepEqual(
                psiPlan(c, "ivy", () => undefined),
                { dataSource: "default-data-source", table: "ivy.csv", key: "id1", output: "psi-output.csv" },
            );
            assert.deepEqual(
                psiPlan(c, "ivy", () => "../etc/passwd").table,
                "ivy.csv",
                "an unsafe relativeURI is not read",
            );
        },
    );

    it("reads each party's table, key column and the output from the 0.3 example job's config", () => {
        const psiTaskInputConfig = () =>
            exampleTaskInputConfig(path.join(__dirname, "..", "..", "kuscia-sim", "rootfs-v03", "home", "kuscia"));
        assert.deepEqual(psiPlan(psiTaskInputConfig(), "alice"), {
            dataSource: "default-data-source",
            table: "alice.csv",
            key: "id1",
            output: "psi-output.csv",
        });
        assert.deepEqual(psiPlan(psiTaskInputConfig(), "bob"), {
            dataSource: "default-data-source",
            table: "bob.csv",
            key: "id2",
            output: "psi-output.csv",
        });
    });

    it("takes the receiver key for the first input and the sender key for the second", () => {
        const c = config(
            [
                ["bob", "b/clients.csv"],
                ["alice", "members.csv"],
            ],
            ["cid", "uid"],
            "out/joined.csv",
        );
        assert.deepEqual(psiPlan(c, "bob"), {
            dataSource: "default-data-source",
            table: "b/clients.csv",
            key: "cid",
            output: "out/joined.csv",
        });
        assert.deepEqual(psiPlan(c, "alice"), {
            dataSource: "default-data-source",
            table: "members.csv",
            key: "uid",
            output: "out/joined.csv",
        });
    });

    it("falls back to <party>.csv, id and psi-output.csv", () => {
        for (const c of [undefined, "", "not json", "{}", config([["carol", "c.csv"]], ["x", "y"])]) {
            assert.deepEqual(psiPlan(c, "alice"), {
                dataSource: "default-data-source",
                table: "alice.csv",
                key: "id",
                output: "psi-output.csv",
            });
        }
    });

    it("reads the party's data source id from sf_datasource_config, refusing unsafe ones", () => {
        const c = (id: string) =>
            JSON.stringify({
                ...JSON.parse(config([["alice", "a.csv"]], ["id", "id"])),
                sf_datasource_config: { alice: { id } },
            });
        assert.equal(psiPlan(c("my-source"), "alice").dataSource, "my-source");
        assert.equal(psiPlan(c("../x"), "alice").dataSource, "default-data-source");
        assert.equal(psiPlan(c("my-source"), "bob").dataSource, "default-data-source");
    });

    it("refuses paths that leave the data directory", () => {
        const c = config([["alice", "../../etc/certs/domain.key"]], ["id", "id"], "/etc/passwd");
        assert.deepEqual(psiPlan(c, "alice"), {
            dataSource: "default-data-source",
            table: "alice.csv",
            key: "id",
            output: "psi-output.csv",
        });
    });
});
