import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { spuLinkFailure } from "../../kuscia-sim/src/daemon/spu-link";
import { taskInputConfigV11 } from "../../kuscia-sim/src/v11/task-input-config";
import { startPairV03, tempRootV03, V03Node } from "./helpers/node-v03";
import { startJobPairV11, tempRootV11, TIME_SCALE, V11Node } from "./helpers/node-v11";
import { eventually, run } from "./helpers/run";

/**
 * SecretFlow's SPU link_desc as the PSI task meets it (SecretFlow 1.11.0b1 for Kuscia 1.1.0b0, 1.1.0b0
 * for Kuscia 0.3.0b0): copied only when the SPU device's config has one (component/core/config.py:117-118),
 * then read as spu_config["link_desc"] (component/core/context.py:183): KeyError, exit 1. yacl's
 * ConnectToMesh (link/context.cc:150-199) tries connect_retry_times times, connect_retry_interval_ms
 * apart; brpc_channel_protocol defaults to baidu_std (link/context.h:48), which Kuscia's HTTP gateway
 * does not carry. Kuscia's create_example_job.sh sends its template, whose link_desc says "http".
 */
const TEMPLATE = path.join("scripts", "templates", "task_input_config.2pc_balanced_psi.json");

type Node = V03Node | V11Node;

/** The example config with its SPU device's config changed by `edit`. */
function withSpu(config: string, edit: (spu: any) => void): string {
    const c = JSON.parse(config);
    const spu = c.sf_cluster_desc.devices.find((d: any) => d.type === "spu");
    const parsed = JSON.parse(spu.config);
    edit(parsed);
    spu.config = JSON.stringify(parsed);
    return JSON.stringify(c);
}

function job(name: string, taskInputConfig: string, namespace?: string): string {
    return JSON.stringify({
        apiVersion: "kuscia.secretflow/v1alpha1",
        kind: "KusciaJob",
        metadata: { name, ...(namespace ? { namespace } : {}) },
        spec: {
            initiator: "alice",
            scheduleMode: "BestEffort",
            maxParallelism: 2,
            tasks: [
                {
                    taskID: `${name}-single-psi`,
                    alias: "single-psi",
                    priority: 100,
                    taskInputConfig,
                    appImage: "secretflow-image",
                    parties: [{ domainID: "alice" }, { domainID: "bob" }],
                },
            ],
        },
    });
}

async function get(node: Node, kind: string, name: string, ns?: string): Promise<any | undefined> {
    const r = await node.kubectl(["get", kind, name, ...(ns ? ["-n", ns] : []), "-o", "json"]);
    return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

async function ended(node: Node, name: string, ns?: string, timeoutMs = 15000): Promise<any> {
    return eventually(
        `job ${name} on ${node.id} to end`,
        async () => {
            const s = (await get(node, "kj", name, ns))?.status;
            return s && ["Succeeded", "Failed"].includes(s.phase) ? s : undefined;
        },
        timeoutMs,
    );
}

/** `jq -c .` of the node's template, as the real create_example_job.sh reads it. */
async function jqCompact(node: Node): Promise<string> {
    const r = await run("jq", ["-c", "."], { input: fs.readFileSync(path.join(node.code, TEMPLATE), "utf8") });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
}

const spuConfigOf = (taskInputConfig: string) =>
    JSON.parse(JSON.parse(taskInputConfig).sf_cluster_desc.devices[0].config);

describe("spuLinkFailure: what SecretFlow does with the SPU device's link_desc", () => {
    const base = taskInputConfigV11(["alice", "bob"], ["alice-table", "bob-table"]);

    it("the template's link_desc connects; a config without an SPU device is not judged here", () => {
        assert.equal(spuLinkFailure(base, "alice", "bob"), undefined);
        assert.equal(spuLinkFailure(JSON.stringify({ sf_cluster_desc: { devices: [] } }), "alice", "bob"), undefined);
        assert.equal(
            spuLinkFailure(
                withSpu(base, s => (s.link_desc = { brpc_channel_protocol: "http" })),
                "alice",
                "bob",
            ),
            undefined,
        );
    });

    it("no link_desc: KeyError at once, whatever the device type's case", () => {
        const c = withSpu(base, s => delete s.link_desc);
        const f = spuLinkFailure(c.replace('"type":"spu"', '"type":"SPU"'), "alice", "bob");
        assert.deepEqual(f && { afterMs: f.afterMs, head: f.message.slice(0, 45) }, {
            afterMs: 0,
            head: "alice: SecretFlow exited 1: KeyError: 'link_d",
        });
    });

    it("a protocol other than http: the link error after (connect_retry_times - 1) x connect_retry_interval_ms", () => {
        const f = spuLinkFailure(
            withSpu(base, s => (s.link_desc.brpc_channel_protocol = "baidu_std")),
            "bob",
            "alice",
        );
        assert.equal(f?.afterMs, 59000);
        assert.match(
            f!.message,
            /^bob->alice: SecretFlow's SPU link never connected: brpc_channel_protocol "baidu_std" is not "http"/,
        );
        assert.match(
            f!.message,
            /connect_retry_times 60, 1000 ms apart: connect to mesh failed, failed to setup connection to rank=0$/,
        );
        // An empty or null link_desc, or one without the protocol: yacl's defaults, baidu_std, 10 tries 1 s apart.
        for (const desc of [{}, null, { connect_retry_times: 3 }]) {
            const d = spuLinkFailure(
                withSpu(base, s => (s.link_desc = desc)),
                "alice",
                "bob",
            );
            assert.match(d!.message, /brpc_channel_protocol "baidu_std" \(yacl's default: link_desc names none\)/);
            assert.equal(d!.afterMs, desc?.connect_retry_times === 3 ? 2000 : 9000);
        }
        assert.equal(
            spuLinkFailure(
                withSpu(base, s => (s.link_desc.connect_retry_times = 0)),
                "alice",
                "bob",
            ),
            undefined,
            "http with no tries: not judged",
        );
        assert.equal(
            spuLinkFailure(
                withSpu(base, s => Object.assign(s.link_desc, { brpc_channel_protocol: "h2", connect_retry_times: 0 })),
                "a",
                "b",
            )?.afterMs,
            0,
        );
    });

    it("what SecretFlow refuses in link_desc before any link: unknown names, wrong types, a non-object", () => {
        const msg = (edit: (s: any) => void) => spuLinkFailure(withSpu(base, edit), "alice", "bob")?.message ?? "";
        assert.match(
            msg(s => (s.link_desc.enable_ssl = true)),
            /^alice: SecretFlow exited 1: InvalidArgumentError: Unsupported param enable_ssl in link desc/,
        );
        assert.match(
            msg(s => (s.link_desc.connect_retry_times = "60")),
            /^alice: SecretFlow exited 1: TypeError: link_desc.connect_retry_times "60"/,
        );
        assert.match(
            msg(s => (s.link_desc = "http")),
            /^alice: SecretFlow exited 1: AttributeError/,
        );
        assert.match(
            spuLinkFailure(base.replace('"config":"{', '"config":"{{'), "alice", "bob")!.message,
            /JSONDecodeError/,
        );
    });
});

describe("link_desc on Kuscia 0.3.0b0 nodes (SecretFlow 1.1.0b0)", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;
    let example: string;

    before(async () => {
        root = tempRootV03("link-desc");
        ({ alice, bob } = await startPairV03(root));
        example = await jqCompact(alice);
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "create_example_job.sh sends the template exactly (jq -c), REF2K/FM64 with link_desc over http, and the job " +
            "succeeds",
        async () => {
            // scripts/user/create_example_job.sh:61,75; scripts/templates/task_input_config.2pc_balanced_psi.json:16.
            await alice.mustScript("user/create_example_job.sh", ["PSI", "template"]);
            const sent = (await get(alice, "kj", "template")).spec.tasks[0].taskInputConfig;
            assert.equal(sent, example);
            assert.deepEqual(spuConfigOf(sent), {
                runtime_config: { protocol: "REF2K", field: "FM64" },
                link_desc: {
                    connect_retry_times: 60,
                    connect_retry_interval_ms: 1000,
                    brpc_channel_protocol: "http",
                    brpc_channel_connection_type: "pooled",
                    recv_timeout_ms: 1200000,
                    http_timeout_ms: 1200000,
                },
            });
            assert.equal((await ended(alice, "template")).phase, "Succeeded");
        },
    );

    it("no link_desc: the task fails at once as SecretFlow exits, no PSI with bob", async () => {
        fs.rmSync(path.join(bob.data, "psi-output.csv"), { force: true });
        const started = Date.now();
        assert.equal(
            (
                await alice.kubectl(
                    ["apply", "-f", "-"],
                    job(
                        "no-link-desc",
                        withSpu(example, s => delete s.link_desc),
                    ),
                )
            ).code,
            0,
        );
        const status = await ended(alice, "no-link-desc");
        assert.ok(Date.now() - started < 3000);
        assert.equal(status.phase, "Failed");
        assert.match(status.message, /^alice: SecretFlow exited 1: KeyError: 'link_desc'/);
        const task = (await get(alice, "kt", "no-link-desc-single-psi")).status;
        assert.equal(task.phase, "Failed");
        assert.equal(task.message, status.message);
        assert.ok(!fs.existsSync(path.join(bob.data, "psi-output.csv")), "bob never ran its part");
    });

    it("brpc_channel_protocol baidu_std: Running while yacl retries, then Failed with the link error", async () => {
        const config = withSpu(example, s =>
            Object.assign(s.link_desc, {
                brpc_channel_protocol: "baidu_std",
                connect_retry_times: 4,
                connect_retry_interval_ms: 500,
            }),
        );
        const started = Date.now();
        assert.equal((await alice.kubectl(["apply", "-f", "-"], job("baidu-std", config))).code, 0);
        await eventually("the task to run", async () =>
            (await get(alice, "kt", "baidu-std-single-psi"))?.status?.phase === "Running" ? true : undefined,
        );
        const status = await ended(alice, "baidu-std");
        assert.ok(Date.now() - started >= 1500, "3 waits of 500 ms");
        assert.equal(status.phase, "Failed");
        assert.match(
            status.message,
            /^alice->bob: SecretFlow's SPU link never connected: brpc_channel_protocol "baidu_std" is not "http"/,
        );
        assert.match(
            status.message,
            /connect_retry_times 4, 500 ms apart: connect to mesh failed, failed to setup connection to rank=1$/,
        );
        assert.match(alice.log, /task baidu-std-single-psi: alice->bob: SecretFlow's SPU link never connected/);
    });
});

describe("link_desc on Kuscia 1.1.0b0 nodes (SecretFlow 1.11.0b1)", () => {
    let root: string;
    let alice: V11Node;
    let bob: V11Node;
    let example: string;

    before(async () => {
        root = tempRootV11("link-desc");
        ({ alice, bob } = await startJobPairV11(root));
        example = await jqCompact(alice);
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "create_example_job.sh sends the template exactly (jq -c): taskInputConfigV11 with alice and bob, SEMI2K/FM128 " +
            "with link_desc",
        async () => {
            // scripts/user/create_example_job.sh:63,65,81;
            // scripts/templates/task_input_config.2pc_balanced_psi.json:16.
            await alice.mustScript("user/create_example_job.sh", ["PSI", "template"]);
            const sent = (await get(alice, "kj", "template", "cross-domain")).spec.tasks[0].taskInputConfig;
            assert.equal(sent, example);
            assert.equal(sent, taskInputConfigV11(["alice", "bob"], ["alice-table", "bob-table"]));
            assert.deepEqual(spuConfigOf(sent).runtime_config, { protocol: "SEMI2K", field: "FM128" });
            assert.equal(spuConfigOf(sent).link_desc.brpc_channel_protocol, "http");
            assert.equal((await ended(alice, "template", "cross-domain")).phase, "Succeeded");
        },
    );

    it("no link_desc (the 1.1 library job's config until it adds one): Failed at once, bob's copy too", async () => {
        const started = Date.now();
        assert.equal(
            (
                await alice.kubectl(
                    ["apply", "-f", "-"],
                    job(
                        "no-link-desc",
                        withSpu(example, s => delete s.link_desc),
                        "cross-domain",
                    ),
                )
            ).code,
            0,
        );
        const status = await ended(alice, "no-link-desc", "cross-domain");
        assert.ok(Date.now() - started < 3000);
        assert.equal(status.phase, "Failed");
        assert.match(status.message, /^alice: SecretFlow exited 1: KeyError: 'link_desc'/);
        assert.match(
            (await get(alice, "kt", "no-link-desc-single-psi", "cross-domain")).status.message,
            /KeyError: 'link_desc'/,
        );
        assert.equal((await ended(bob, "no-link-desc", "cross-domain")).phase, "Failed");
    });

    it(
        "brpc_channel_protocol baidu_std with the template's 60 " +
            "tries 1 s apart: Failed after 59 s on Kuscia's clock",
        async () => {
            const config = withSpu(example, s => (s.link_desc.brpc_channel_protocol = "baidu_std"));
            const started = Date.now();
            assert.equal((await alice.kubectl(["apply", "-f", "-"], job("baidu-std", config, "cross-domain"))).code, 0);
            const status = await ended(alice, "baidu-std", "cross-domain", 30000);
            const took = Date.now() - started;
            assert.ok(took >= 59000 * TIME_SCALE, `took ${took} ms`);
            assert.equal(status.phase, "Failed");
            assert.match(
                status.message,
                /^alice->bob: SecretFlow's SPU link never connected: brpc_channel_protocol "baidu_std" is not "http"/,
            );
            assert.match(
                status.message,
                /after connect_retry_times 60, 1000 ms apart: connect to mesh failed, failed to setup connection to rank=1$/,
            );
        },
    );
});
