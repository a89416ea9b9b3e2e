import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { join, startPairV03, tempRootV03, V03Node } from "./helpers/node-v03";
import { eventually } from "./helpers/run";
import { foreignClientCert } from "./helpers/pki";
import { freePort } from "./helpers/sim-node";

async function finalPhase(node: V03Node, job: string): Promise<{ phase: string; message: string }> {
    return eventually(
        `job ${job} on ${node.id} to finish`,
        async () => {
            const r = await node.kubectl(["get", "kj", job, "-o", "json"]);
            if (r.code !== 0) return undefined;
            const status = JSON.parse(r.stdout).status ?? {};
            return ["Succeeded", "Failed"].includes(status.phase)
                ? { phase: status.phase, message: status.message ?? "" }
                : undefined;
        },
        30000,
    );
}

function csv(file: string): { header: string; rows: Map<string, string> } {
    const [header, ...lines] = fs.readFileSync(file, "utf8").trim().split("\n");
    return { header, rows: new Map(lines.map(l => [l.split(",")[0], l])) };
}

describe("PSI jobs between two nodes", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;
    let n = 0;
    const jobName = () => `job-${++n}`;

    async function runJob(on: V03Node): Promise<{ name: string; phase: string; message: string }> {
        const name = jobName();
        await on.mustScript("user/create_example_job.sh", ["PSI", name]);
        return { name, ...(await finalPhase(on, name)) };
    }

    before(async () => {
        root = tempRootV03("jobs");
        ({ alice, bob } = await startPairV03(root));
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("succeeds and writes the intersection of the parties' tables on both", async () => {
        for (const node of [alice, bob]) fs.rmSync(path.join(node.data, "psi-output.csv"), { force: true });
        const job = await runJob(alice);
        assert.equal(job.phase, "Succeeded", job.message);
        const a = csv(path.join(alice.data, "alice.csv"));
        const b = csv(path.join(bob.data, "bob.csv"));
        const expected = [...a.rows.keys()].filter(id => b.rows.has(id)).sort();
        assert.ok(expected.length > 0);
        for (const [node, input] of [
            [alice, a],
            [bob, b],
        ] as const) {
            const out = csv(path.join(node.data, "psi-output.csv"));
            assert.equal(out.header, input.header, `${node.id}'s output header`);
            assert.deepEqual([...out.rows.keys()], expected, `${node.id}'s output ids`);
            for (const [id, line] of out.rows) assert.equal(line, input.rows.get(id));
        }
        const phase = await alice.kubectl(["get", "kj", job.name, "-o", "custom-columns=PHASE:.status.phase"]);
        assert.equal(phase.stdout, "PHASE\nSucceeded\n");
        const task = JSON.parse((await alice.kubectl(["get", "kt", `${job.name}-single-psi`, "-o", "json"])).stdout);
        assert.equal(task.status.phase, "Succeeded");
        const full = JSON.parse((await alice.kubectl(["get", "kj", job.name, "-o", "json"])).stdout);
        assert.ok(full.status.startTime && full.status.completionTime);
        assert.deepEqual(full.status.taskStatus, { [`${job.name}-single-psi`]: "Succeeded" });
        const mirrored = await finalPhase(bob, job.name);
        assert.equal(mirrored.phase, "Succeeded");
    });

    it("reads the tables, key column and output the task's config names", async () => {
        fs.writeFileSync(path.join(alice.data, "members.csv"), "uid,score\nm1,1\nm2,2\nm3,3\n");
        fs.writeFileSync(path.join(bob.data, "clients.csv"), "region,uid\neu,m3\nus,m9\nasia,m1\n");
        const taskInputConfig = JSON.stringify({
            sf_node_eval_param: {
                attr_paths: ["input/receiver_input/key", "input/sender_input/key"],
                attrs: [{ ss: ["uid"] }, { ss: ["uid"] }],
                inputs: [
                    { data_refs: [{ party: "alice", uri: "members.csv" }] },
                    { data_refs: [{ party: "bob", uri: "clients.csv" }] },
                ],
            },
            sf_output_uris: ["members-x-clients.csv"],
        });
        const name = jobName();
        const job = {
            apiVersion: "kuscia.secretflow/v1alpha1",
            kind: "KusciaJob",
            metadata: { name },
            spec: {
                initiator: "alice",
                tasks: [
                    {
                        taskID: `${name}-psi`,
                        alias: "psi",
                        appImage: "secretflow-image",
                        taskInputConfig,
                        parties: [{ domainID: "alice" }, { domainID: "bob" }],
                    },
                ],
            },
        };
        assert.equal((await alice.kubectl(["apply", "-f", "-"], JSON.stringify(job))).code, 0);
        const r = await finalPhase(alice, name);
        assert.equal(r.phase, "Succeeded", r.message);
        assert.equal(
            fs.readFileSync(path.join(alice.data, "members-x-clients.csv"), "utf8"),
            "uid,score\nm1,1\nm3,3\n",
        );
        assert.equal(
            fs.readFileSync(path.join(bob.data, "members-x-clients.csv"), "utf8"),
            "region,uid\nasia,m1\neu,m3\n",
        );
    });

    it("runs from bob too, bob being the initiator there", async () => {
        const job = await runJob(bob);
        assert.equal(job.phase, "Succeeded", job.message);
        assert.equal(
            JSON.parse((await bob.kubectl(["get", "kj", job.name, "-o", "json"])).stdout).spec.initiator,
            "bob",
        );
    });

    it("fails without alice's route to bob, naming it", async () => {
        await alice.kubectl(["delete", "dr", "alice-bob", "-n", "alice"]);
        const job = await runJob(alice);
        assert.equal(job.phase, "Failed");
        assert.equal(job.message, "alice->bob: no DomainRoute alice-bob in namespace alice: run join_to_host.sh");
        await join(alice, bob);
    });

    it("fails without bob's route back to alice, naming that direction", async () => {
        await bob.kubectl(["delete", "dr", "bob-alice", "-n", "bob"]);
        const job = await runJob(alice);
        assert.equal(job.phase, "Failed");
        assert.equal(job.message, "bob->alice: no DomainRoute bob-alice in namespace bob: run join_to_host.sh");
        const mirrored = await finalPhase(bob, job.name);
        assert.equal(mirrored.phase, "Failed");
        await join(bob, alice);
    });

    for (const [granter, grantee] of [
        ["bob", "alice"],
        ["alice", "bob"],
    ] as const) {
        it(
            `fails when ${granter} has revoked ${grantee} (Domain and DomainRoute): ${grantee}->${granter} refused by ` +
                `token auth`,
            async () => {
                const g = granter === "bob" ? bob : alice;
                const route = `${grantee}-${granter}`;
                const savedDomain = (await g.kubectl(["get", "domain", grantee, "-o", "json"])).stdout;
                const savedRoute = (await g.kubectl(["get", "dr", route, "-n", granter, "-o", "json"])).stdout;
                await g.kubectl(["delete", "domain", grantee]);
                await g.kubectl(["delete", "dr", route, "-n", granter]);
                const job = await runJob(alice);
                assert.equal(job.phase, "Failed");
                assert.match(
                    job.message,
                    new RegExp(
                        `^${grantee}->${granter}: refused by ${granter}'s token auth \\(HTTP 401 unauthorized\\.\\): ${granter} ` +
                            `holds no DomainRoute ${route}`,
                    ),
                );
                assert.equal((await g.kubectl(["apply", "-f", "-"], savedDomain)).code, 0);
                assert.equal((await g.kubectl(["apply", "-f", "-"], savedRoute)).code, 0);
            },
        );
    }

    it("fails when alice's route carries a certificate of another CA: refused by bob at TLS", async () => {
        const saved = (await alice.kubectl(["get", "dr", "alice-bob", "-n", "alice", "-o", "json"])).stdout;
        const route = JSON.parse(saved);
        const other = foreignClientCert(root, "alice");
        route.spec.mTLSConfig.sourceClientCert = fs.readFileSync(other.cert).toString("base64");
        route.spec.mTLSConfig.sourceClientPrivateKey = fs.readFileSync(other.key).toString("base64");
        await alice.kubectl(["apply", "-f", "-"], JSON.stringify(route));
        const job = await runJob(alice);
        assert.equal(job.phase, "Failed");
        assert.match(
            job.message,
            new RegExp(
                String.raw`^alice->bob: client certificate refused by bob at 127\.0\.0\.1:\d+ during the TLS handshake ` +
                    String.raw`\(connection reset by the peer\)`,
            ),
        );
        await alice.kubectl(["apply", "-f", "-"], saved);
    });

    it("fails when alice's route does not trust bob's gateway certificate", async () => {
        const saved = (await alice.kubectl(["get", "dr", "alice-bob", "-n", "alice", "-o", "json"])).stdout;
        const route = JSON.parse(saved);
        route.spec.mTLSConfig.tlsCA = fs.readFileSync(alice.file("ca.crt")).toString("base64");
        await alice.kubectl(["apply", "-f", "-"], JSON.stringify(route));
        const job = await runJob(alice);
        assert.equal(job.phase, "Failed");
        assert.match(job.message, /^alice->bob: server certificate of 127\.0\.0\.1:\d+ not trusted/);
        await alice.kubectl(["apply", "-f", "-"], saved);
    });

    it("fails when bob's gateway is unreachable", async () => {
        const port = await freePort();
        await alice.mustScript("deploy/join_to_host.sh", ["alice", "bob", `127.0.0.1:${port}`]);
        const job = await runJob(alice);
        assert.equal(job.phase, "Failed");
        assert.equal(job.message, `alice->bob: gateway 127.0.0.1:${port} unreachable (ECONNREFUSED)`);
        await join(alice, bob);
    });

    it("fails when the partner has no input table", async () => {
        const table = path.join(bob.data, "bob.csv");
        fs.renameSync(table, `${table}.away`);
        try {
            const job = await runJob(alice);
            assert.equal(job.phase, "Failed");
            assert.match(job.message, /^bob: input table var\/storage\/data\/bob\.csv not found/);
        } finally {
            fs.renameSync(`${table}.away`, table);
        }
    });

    it("fails a job whose initiator is another domain", async () => {
        const job = {
            apiVersion: "kuscia.secretflow/v1alpha1",
            kind: "KusciaJob",
            metadata: { name: "not-mine" },
            spec: {
                initiator: "bob",
                tasks: [{ taskID: "not-mine-psi", parties: [{ domainID: "alice" }, { domainID: "bob" }] }],
            },
        };
        await alice.kubectl(["apply", "-f", "-"], JSON.stringify(job));
        const r = await finalPhase(alice, "not-mine");
        assert.equal(r.phase, "Failed");
        assert.match(r.message, /initiator bob is not this domain \(alice\)/);
    });

    it("keeps its objects across a restart of the node and runs jobs after it", async () => {
        const before = (await alice.kubectl(["get", "kj", "-o", "name"])).stdout;
        await alice.stop();
        const down = await alice.kubectl(["get", "gateways", "-n", "alice"]);
        assert.equal(down.stderr, "No resources found in alice namespace.\n", "a stopped node withdraws its gateway");
        await alice.start();
        assert.equal((await alice.kubectl(["get", "kj", "-o", "name"])).stdout, before);
        const gw = await alice.kubectl(["get", "gateways", "-n", "alice", "-o", "name"]);
        assert.equal(gw.stdout, "gateway.kuscia.secretflow/test-kuscia-autonomy-alice\n");
        const job = await runJob(alice);
        assert.equal(job.phase, "Succeeded", job.message);
    });
});
