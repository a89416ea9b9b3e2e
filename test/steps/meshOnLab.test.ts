// The root program's cluster (KusciaCluster from stack-config-shaped input) with three nodes on
// three lab hosts: a mesh of three verified pairs, run by the step runner (see runner.ts).
import { describe, it, before, after } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { destroy, failures, value } from "./runner";
import * as kuscia from "../../components";
import { ensureLab, exec, repoRoot, sshOk } from "../lab/lab-env";
import type { LabHosts } from "../../lab/state";
import * as path from "node:path";

const ids = ["alice", "bob", "carol"];

describe("a three-node mesh from the root program's config, on three lab hosts", { timeout: 20 * 60_000 }, () => {
    let lab: LabHosts;
    let cluster: kuscia.KusciaCluster;

    before(() => {
        lab = ensureLab();
        if (lab.hosts.length < 3) {
            const r = exec(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "lab/cli.ts"), "up", "3"], { timeoutMs: 10 * 60_000 });
            assert.equal(r.status, 0, r.stderr);
            lab = ensureLab();
        }
        const args = kuscia.clusterArgsFromConfig({
            nodes: ids.map((id, i) => ({
                domainId: id, labHost: `host${i + 1}`, gatewayPort: 19080 + i, apiHttpPort: 24082, apiGrpcPort: 24083,
                containerName: `mesh-${id}`, rootDir: `${lab.hosts[i].home}/mesh`, containerDriver: "cli" as const, demoData: true,
            })),
            exampleJobFrom: "alice",
            exampleJobId: "psi-mesh",
        }, { read: p => fs.readFileSync(p, "utf8"), exists: p => fs.existsSync(p) });
        assert.deepEqual(kuscia.validateClusterArgs("mesh", args), []);
        lab.hosts.slice(0, 3).forEach((h, i) => sshOk(lab, h, `docker rm -f mesh-${ids[i]} >/dev/null 2>&1; rm -rf ~/mesh`));
        cluster = new kuscia.KusciaCluster("mesh", args);
    });

    after(async () => {
        await destroy();
    });

    it("verifies all six directions of the three pairs", async () => {
        assert.equal(cluster.authorizations.length, 3);
        const messages = await Promise.all(cluster.authorizations.map(a => value(a.message)))
            .catch(e => assert.fail(`${e}\n${failures.join("\n")}`));
        const verified = messages.join("; ").match(/[a-z]+ -> [a-z]+ \([0-9.:]+\): mTLS handshake verified/g) ?? [];
        assert.deepEqual(verified.map(v => v.split(" (")[0]).sort(),
            ["alice -> bob", "alice -> carol", "bob -> alice", "bob -> carol", "carol -> alice", "carol -> bob"]);
    });

    it("runs the example job once the mesh is verified", async () => {
        assert.equal(await value(cluster.exampleJobPhase!), "Succeeded");
    });

    it("each node holds exactly its two partners' grants and routes", () => {
        lab.hosts.slice(0, 3).forEach((h, i) => {
            const self = ids[i];
            const others = ids.filter(x => x !== self);
            const domains = sshOk(lab, h, `docker exec mesh-${self} kubectl get domain -o jsonpath='{.items[*].metadata.name}'`).trim().split(/\s+/);
            for (const o of others) {
                assert.ok(domains.includes(o), `${self} lacks Domain ${o}: ${domains}`);
            }
            const routes = sshOk(lab, h, `docker exec mesh-${self} kubectl get domainroute -n ${self} -o jsonpath='{.items[*].metadata.name}'`).trim().split(/\s+/).sort();
            assert.deepEqual(routes, others.flatMap(o => [`${o}-${self}`, `${self}-${o}`]).sort());
        });
    });

    it("destroy revokes and removes every node", async () => {
        assert.deepEqual(await destroy(), []);
        lab.hosts.slice(0, 3).forEach((h, i) => {
            assert.equal(sshOk(lab, h, `docker ps -aq --filter name=^mesh-${ids[i]}$`).trim(), "");
            assert.equal(sshOk(lab, h, `ls ~/mesh | grep certs || true`).trim(), "");
        });
    });
});
