import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderTemplate } from "../../kuscia-sim/src/kubectl/jsonpath";

const job = {
    metadata: { name: "j1", annotations: { "kuscia.secretflow/domain-type": "embedded" } },
    spec: {
        tasks: [
            { taskID: "t1", parties: [{ domainID: "alice" }, { domainID: "bob" }] },
            { taskID: "t2", parties: [] },
        ],
    },
    status: {
        phase: "Running",
        conditions: [
            { type: "Ready", status: "False" },
            { type: "Done", status: "True" },
        ],
    },
};

describe("jsonpath templates", () => {
    const cases: [string, string][] = [
        ["{.status.phase}", "Running"],
        ["phase={.status.phase}!", "phase=Running!"],
        ["{.spec.tasks[0].taskID}", "t1"],
        ["{.spec.tasks[-1].taskID}", "t2"],
        ["{.spec.tasks[*].taskID}", "t1 t2"],
        ["{.spec.tasks[0:1].taskID}", "t1"],
        ["{.spec.tasks[0].parties[*].domainID}", "alice bob"],
        ["{..domainID}", "alice bob"],
        ['{.status.conditions[?(@.type=="Done")].status}', "True"],
        ['{.status.conditions[?(@.status!="True")].type}', "Ready"],
        ["{.metadata.annotations.kuscia\\.secretflow/domain-type}", "embedded"],
        ["{.metadata.annotations['kuscia.secretflow/domain-type']}", "embedded"],
        ['{range .spec.tasks[*]}{.taskID}{"\\n"}{end}', "t1\nt2\n"],
        ["{.status.missing}", ""],
        ["{.spec.tasks[0].parties[0]}", '{"domainID":"alice"}'],
    ];
    for (const [template, want] of cases) {
        it(`renders ${template}`, () => assert.equal(renderTemplate(template, job), want));
    }

    it("rejects an unclosed range and an unclosed action", () => {
        assert.throws(() => renderTemplate("{range .spec.tasks[*]}{.taskID}", job), /unclosed range/);
        assert.throws(() => renderTemplate("{.status.phase", job), /unclosed action/);
    });
});
