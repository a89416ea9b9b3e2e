// The main job without the Pulumi engine: the root program's cluster, deployed by the step runner
// (see test/steps/runner.ts) because the language host and plugins cannot be built on this machine;
// the nodes use the docker CLI driver, as the docker plugin is among the missing.
// `tsx scripts/demo-steps.ts` deploys and prints the result; `... down` removes it again.
import { collectDeletesOnly, destroy, failures, value } from "../test/steps/runner";
import * as fs from "fs";
import { clusterArgsFromConfig, KusciaCluster } from "../components";
import { sshExec } from "../test/steps/sshExec";

async function main(): Promise<number> {
    const down = process.argv[2] === "down";
    if (down) {
        collectDeletesOnly();
    }
    const fromConfig = clusterArgsFromConfig({ exampleJobFrom: "alice", exampleJobId: "psi-demo" }, {
        read: p => fs.readFileSync(p, "utf8"),
        exists: p => fs.existsSync(p),
    });
    // The docker provider is one of the missing plugins: the nodes use the docker CLI driver.
    const args = { ...fromConfig, nodes: fromConfig.nodes.map(n => ({ ...n, containerDriver: "cli" as const })) };
    const cluster = new KusciaCluster("kuscia", args);
    if (down) {
        await value(cluster.endpoints);
        await new Promise(r => setTimeout(r, 500));
        const errors = await destroy();
        errors.forEach(e => console.error(e));
        console.log(errors.length ? "demo: removal finished with errors" : "demo: removed the cluster from every host");
        return errors.length ? 1 : 0;
    }
    try {
        console.log("endpoints:", JSON.stringify(await value(cluster.endpoints)));
        for (const auth of cluster.authorizations) {
            console.log("trust:", await value(auth.message));
        }
        console.log("example PSI job:", await value(cluster.exampleJobPhase!));
        const alice = cluster.nodes[0];
        const conn = args.nodes[0].connection as any;
        const out = await sshExec({ ...conn, privateKey: await value(conn.privateKey) },
            `head -n 6 ${await value(alice.dataDir)}/psi-output.csv`);
        console.log("psi-output.csv on alice (first rows):\n" + out.stdout);
        console.log("demo: cluster is up; remove it with `npm run demo -- down`");
        return 0;
    } catch (e) {
        console.error(`demo failed: ${e}\n${failures.join("\n")}`);
        return 1;
    }
}

main().then(code => process.exit(code));
