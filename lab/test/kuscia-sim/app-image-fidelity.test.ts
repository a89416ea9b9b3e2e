import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { startPairV03, tempRootV03, V03Node } from "./helpers/node-v03";
import { SECRETFLOW_IMAGE_V11, startJobPairV11, tempRootV11, V11Node } from "./helpers/node-v11";
import { eventually } from "./helpers/run";

/**
 * A job whose task names an AppImage the node's store does not hold, as Kuscia's KusciaTask pending
 * handler refuses it (pkg/controllers/kusciatask/handler/pending_handler.go buildPartyKitInfo:
 * `failed to get appImage %q from cache, %v`; controller.go retries maxBackoffLimit = 3 times with the
 * default rate limiter, a few tens of ms, then failKusciaTask). The KusciaJob only takes the task's phase
 * (kusciajob handler buildJobStatus): its message stays empty.
 */
const lookup = (name: string) =>
    `failed to get appImage "${name}" from cache, appimage.kuscia.secretflow "${name}" not found`;

type Node = V03Node | V11Node;

async function status(node: Node, kind: string, name: string, ns?: string): Promise<any | undefined> {
    const r = await node.kubectl(["get", kind, name, ...(ns ? ["-n", ns] : []), "-o", "json"]);
    return r.code === 0 ? (JSON.parse(r.stdout).status ?? {}) : undefined;
}

async function ended(node: Node, name: string, ns?: string, timeoutMs = 5000): Promise<any> {
    return eventually(
        `job ${name} on ${node.id} to end`,
        async () => {
            const s = await status(node, "kj", name, ns);
            return s && ["Succeeded", "Failed"].includes(s.phase) ? s : undefined;
        },
        timeoutMs,
    );
}

async function jsonpath(node: Node, args: string[], expr: string): Promise<string> {
    const r = await node.kubectl(["get", ...args, "-o", `jsonpath=${expr}`]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
}

describe("a missing AppImage, as Kuscia 0.3.0b0 refuses it", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;

    before(async () => {
        root = tempRootV03("appimage");
        ({ alice, bob } = await startPairV03(root));
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "fails the task at once with the task controller's message and condition; the job fails without one; no PSI " +
            "runs",
        async () => {
            assert.equal((await alice.kubectl(["delete", "appimage", "secretflow-image"])).code, 0);
            for (const n of [alice, bob]) fs.rmSync(path.join(n.data, "psi-output.csv"), { force: true });
            await alice.mustScript("user/create_example_job.sh", ["PSI", "no-app-image"]);
            const started = Date.now();
            const job = await ended(alice, "no-app-image");
            assert.ok(Date.now() - started < 3000, "fails within the controller's retries, not after a timeout");
            assert.equal(job.phase, "Failed");
            assert.equal(job.message, undefined, "the KusciaJob has no message: the reason is on the task");
            assert.deepEqual(job.taskStatus, { "no-app-image-single-psi": "Failed" });
            assert.ok(job.startTime && job.completionTime);

            const error = `failed to build domin kit info, ${lookup("secretflow-image")}`;
            const task = await status(alice, "kt", "no-app-image-single-psi");
            assert.equal(task.phase, "Failed");
            assert.equal(task.message, `KusciaTask failed after 3x retry, last error: ${error}`);
            assert.equal(task.conditions.length, 1);
            const [cond] = task.conditions;
            assert.deepEqual(
                [cond.type, cond.status, cond.reason, cond.message],
                [
                    "ResourceCreated",
                    "False",
                    "KusciaTaskCreateFailed",
                    `Failed to create kusciaTask related resources, ${error}`,
                ],
            );
            assert.ok(task.completionTime);
            // What an operator reads (kubectl get kj / kt and their jsonpath).
            assert.equal(await jsonpath(alice, ["kj", "no-app-image"], "{.status.phase}:{.status.message}"), "Failed:");
            assert.match(
                await jsonpath(alice, ["kt", "no-app-image-single-psi"], "{.status.message}"),
                new RegExp(
                    String.raw`^KusciaTask failed after 3x retry, last error: failed to build domin kit info, ` +
                        String.raw`failed to get appImage "secretflow-image" from cache`,
                ),
            );
            const rows = (await alice.kubectl(["get", "kt"])).stdout.split("\n");
            assert.ok(
                rows.some(l => /^no-app-image-single-psi\s.*\sFailed$/.test(l)),
                rows.join("\n"),
            );
            assert.equal(
                await jsonpath(alice, ["kt", "no-app-image-single-psi"], "{.spec.parties[*].appImageRef}"),
                "secretflow-image secretflow-image",
            );

            // A 0.3 partner only ever gets the task's pods (pkg/interconn/kuscia/hostresources): no KusciaJob, and here
            // no PSI.
            await new Promise(r => setTimeout(r, 500));
            const partner = await bob.kubectl(["get", "kj", "no-app-image"]);
            assert.equal(partner.code, 1, partner.stdout);
            for (const n of [alice, bob])
                assert.ok(!fs.existsSync(path.join(n.data, "psi-output.csv")), `no output on ${n.id}`);
        },
    );

    it("runs once create_sf_app_image.sh REPO TAG has registered it again; the failed job stays failed", async () => {
        await alice.registerAppImage();
        await alice.mustScript("user/create_example_job.sh", ["PSI", "with-app-image"]);
        const job = await ended(alice, "with-app-image", undefined, 30000);
        assert.equal(job.phase, "Succeeded", job.message);
        assert.equal(
            (await status(alice, "kj", "no-app-image")).phase,
            "Failed",
            "a finished job is not reconciled again",
        );
    });

    it("looks up the AppImage the task names: NSJAIL_PSI needs secretflow-nsjail-image", async () => {
        assert.equal((await alice.kubectl(["delete", "appimage", "secretflow-nsjail-image"])).code, 0);
        try {
            await alice.mustScript("user/create_example_job.sh", ["NSJAIL_PSI", "nsjail-missing"]);
            assert.equal((await ended(alice, "nsjail-missing")).phase, "Failed");
            assert.match(
                (await status(alice, "kt", "nsjail-missing-single-psi")).message,
                /failed to get appImage "secretflow-nsjail-image" from cache/,
            );
            await alice.mustScript("user/create_example_job.sh", ["PSI", "psi-unaffected"]);
            assert.equal((await ended(alice, "psi-unaffected", undefined, 30000)).phase, "Succeeded");
        } finally {
            await alice.registerAppImage();
        }
    });

    it("needs no AppImage on the partner: only the initiator's task controller looks it up", async () => {
        for (const name of ["secretflow-image", "secretflow-nsjail-image"])
            assert.equal((await bob.kubectl(["delete", "appimage", name])).code, 0);
        try {
            await alice.mustScript("user/create_example_job.sh", ["PSI", "partner-without"]);
            const job = await ended(alice, "partner-without", undefined, 30000);
            assert.equal(job.phase, "Succeeded", job.message);
        } finally {
            await bob.registerAppImage();
        }
    });
});

describe("a missing AppImage, as Kuscia 1.1.0b0 refuses it", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;
    const NS = "cross-domain";

    before(async () => {
        root = tempRootV11("appimage");
        ({ alice, bob } = await startJobPairV11(root));
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "on the initiator: the task fails at port allocation, naming the first party; the job and the partner's copy " +
            "fail without a message",
        async () => {
            assert.equal((await alice.kubectl(["delete", "appimage", "secretflow-image"])).code, 0);
            await alice.mustScript("user/create_example_job.sh", ["PSI", "no-app-image"]);
            const started = Date.now();
            const job = await ended(alice, "no-app-image", NS);
            assert.ok(Date.now() - started < 3000, "fails within the controller's retries");
            assert.equal(job.phase, "Failed");
            assert.equal(job.message, undefined);
            assert.deepEqual(job.taskStatus, { "no-app-image-single-psi": "Failed" });

            const task = await status(alice, "kt", "no-app-image-single-psi", NS);
            assert.equal(task.phase, "Failed");
            // pending_handler.go allocatePorts → buildPartyKitInfos: `failed to build domain %v kit info, %v` for
            // spec.parties[0].
            assert.equal(
                task.message,
                `KusciaTask failed after 3x retry, last error: failed to build domain alice kit info, ` +
                    `${lookup("secretflow-image")}`,
            );
            assert.deepEqual(task.conditions, [{ type: "PortsAllocated", status: "False" }]);
            assert.deepEqual(task.partyTaskStatus, [
                { domainID: "alice", phase: "Failed" },
                { domainID: "bob", phase: "Failed" },
            ]);
            assert.equal(
                await jsonpath(alice, ["kj", "no-app-image", "-n", NS], "{.status.phase}:{.status.message}"),
                "Failed:",
            );

            // bob's copy of the job (pkg/interconn/kuscia/job.go createMirrorJobs) ends with it.
            const copy = await ended(bob, "no-app-image", NS);
            assert.equal(copy.phase, "Failed");
            assert.equal(copy.message, undefined);
        },
    );

    it(
        "on the partner: its own task fails the same way, its " + "copy fails, the initiator's task fails on its party",
        async () => {
            await alice.registerAppImage();
            assert.equal((await bob.kubectl(["delete", "appimage", "secretflow-image"])).code, 0);
            for (const n of [alice, bob]) fs.rmSync(path.join(n.data, "psi-output.csv"), { force: true });
            await alice.mustScript("user/create_example_job.sh", ["PSI", "partner-without"]);
            const job = await ended(alice, "partner-without", NS);
            assert.equal(job.phase, "Failed");
            assert.equal(job.message, undefined);
            // pending_handler.go taskFailed, once bob's party status has come through the KusciaTaskSummary.
            assert.equal(
                (await status(alice, "kt", "partner-without-single-psi", NS)).message,
                "The remaining no-failed party task counts 1 are less than the task success threshold 2. failed party[bob]",
            );
            const copy = await ended(bob, "partner-without", NS);
            assert.equal(copy.phase, "Failed");
            assert.equal(copy.message, undefined);
            const own = await status(bob, "kt", "partner-without-single-psi", NS);
            assert.equal(own.phase, "Failed");
            assert.equal(
                own.message,
                `KusciaTask failed after 3x retry, last error: failed to build domain alice kit info, ` +
                    `${lookup("secretflow-image")}`,
            );
            for (const n of [alice, bob])
                assert.ok(!fs.existsSync(path.join(n.data, "psi-output.csv")), `no output on ${n.id}`);
        },
    );

    it("runs once register_app_image.sh -i IMAGE -m has registered it on both", async () => {
        await bob.mustScript("deploy/register_app_image.sh", ["-i", SECRETFLOW_IMAGE_V11, "-m"]);
        await alice.mustScript("user/create_example_job.sh", ["PSI", "both-registered"]);
        const job = await ended(alice, "both-registered", NS, 30000);
        assert.equal(job.phase, "Succeeded", job.message);
        assert.equal((await ended(bob, "both-registered", NS)).phase, "Succeeded");
    });
});
