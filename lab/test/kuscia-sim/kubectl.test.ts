import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tempRootV03, V03Node } from "./helpers/node-v03";

const ROUTES = `
apiVersion: kuscia.secretflow/v1alpha1
kind: DomainRoute
metadata:
  name: alice-bob
  namespace: alice
spec:
  source: alice
  destination: bob
  endpoint:
    host: 10.0.0.2
    ports:
      - name: http
        port: 8082
        isTLS: true
  authenticationType: MTLS
---
apiVersion: kuscia.secretflow/v1alpha1
kind: DomainRoute
metadata:
  name: carol-bob
  namespace: carol
spec:
  source: carol
  destination: bob
  endpoint:
    host: 10.0.0.3
  authenticationType: Token
`;

describe("kubectl", () => {
    let root: string;
    let node: V03Node;

    before(async () => {
        root = tempRootV03("kubectl");
        node = await V03Node.create("alice", root);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it("applies multi-document YAML and reports created, then unchanged, then configured", async () => {
        let r = await node.kubectl(["apply", "-f", "-"], ROUTES);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            r.stdout,
            "domainroute.kuscia.secretflow/alice-bob created\ndomainroute.kuscia.secretflow/carol-bob created\n",
        );
        r = await node.kubectl(["apply", "-f", "-"], ROUTES);
        assert.equal(
            r.stdout,
            "domainroute.kuscia.secretflow/alice-bob unchanged\ndomainroute.kuscia.secretflow/carol-bob unchanged\n",
        );
        r = await node.kubectl(["apply", "-f", "-"], ROUTES.replace("10.0.0.3", "10.0.0.4"));
        assert.equal(
            r.stdout,
            "domainroute.kuscia.secretflow/alice-bob unchanged\ndomainroute.kuscia.secretflow/carol-bob configured\n",
        );
    });

    it("applies JSON, from stdin and from a file", async () => {
        const domain = {
            apiVersion: "kuscia.secretflow/v1alpha1",
            kind: "Domain",
            metadata: { name: "bob" },
            spec: { cert: "", role: "partner" },
        };
        let r = await node.kubectl(["apply", "-f", "-"], JSON.stringify(domain));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, "domain.kuscia.secretflow/bob created\n");
        const file = path.join(root, "carol.json");
        fs.writeFileSync(file, JSON.stringify({ ...domain, metadata: { name: "carol" } }));
        r = await node.kubectl(["apply", "-f", file]);
        assert.equal(r.stdout, "domain.kuscia.secretflow/carol created\n");
    });

    it("gets a list as a table, by namespace and across namespaces", async () => {
        let r = await node.kubectl(["get", "dr", "-n", "alice"]);
        assert.equal(r.code, 0);
        const lines = r.stdout.trimEnd().split("\n");
        assert.match(lines[0], /^NAME\s+SOURCE\s+DESTINATION\s+HOST\s+AUTHENTICATION$/);
        assert.match(lines[1], /^alice-bob\s+alice\s+bob\s+10\.0\.0\.2\s+MTLS$/);
        assert.equal(lines.length, 2);
        r = await node.kubectl(["get", "domainroutes", "-A"]);
        const all = r.stdout.trimEnd().split("\n");
        assert.match(all[0], /^NAMESPACE\s+NAME\s+SOURCE/);
        assert.deepEqual(
            all.slice(1).map(l => l.split(/\s+/).slice(0, 2).join("/")),
            ["alice/alice-bob", "carol/carol-bob"],
        );
        r = await node.kubectl(["get", "domain"]);
        assert.deepEqual(
            r.stdout
                .trimEnd()
                .split("\n")
                .map(l => l.split(/\s+/)[0]),
            ["NAME", "bob", "carol"],
        );
        assert.match(r.stdout.split("\n")[1], /^bob\s+\d+s$/);
    });

    it("says so when a namespace has nothing, on stderr with exit 0", async () => {
        const r = await node.kubectl(["get", "gateways", "-n", "nobody"]);
        assert.equal(r.code, 0);
        assert.equal(r.stdout, "");
        assert.equal(r.stderr, "No resources found in nobody namespace.\n");
    });

    it("prints -o yaml, -o json and -o name", async () => {
        let r = await node.kubectl(["get", "dr", "alice-bob", "-n", "alice", "-o", "json"]);
        const obj = JSON.parse(r.stdout);
        assert.equal(obj.kind, "DomainRoute");
        assert.equal(obj.metadata.namespace, "alice");
        assert.equal(obj.spec.endpoint.ports[0].port, 8082);
        assert.ok(obj.metadata.uid && obj.metadata.creationTimestamp && obj.metadata.resourceVersion);
        r = await node.kubectl(["get", "dr", "-n", "alice", "-oyaml"]);
        assert.match(r.stdout, /^apiVersion: v1\nitems:\n/);
        assert.match(r.stdout, /kind: List/);
        assert.match(r.stdout, /host: 10\.0\.0\.2/);
        r = await node.kubectl(["get", "domain", "-o", "name"]);
        assert.equal(r.stdout, "domain.kuscia.secretflow/bob\ndomain.kuscia.secretflow/carol\n");
    });

    it("prints -o jsonpath, on one object and on a list, with range and filters", async () => {
        let r = await node.kubectl([
            "get",
            "dr",
            "alice-bob",
            "-n",
            "alice",
            "-o",
            "jsonpath={.spec.endpoint.host}:{.spec.endpoint.ports[0].port}",
        ]);
        assert.equal(r.stdout, "10.0.0.2:8082");
        r = await node.kubectl(["get", "dr", "-A", "-o", "jsonpath={.items[*].metadata.name}"]);
        assert.equal(r.stdout, "alice-bob carol-bob");
        r = await node.kubectl([
            "get",
            "dr",
            "-A",
            "-o",
            'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
        ]);
        assert.equal(r.stdout, "alice/alice-bob\ncarol/carol-bob\n");
        r = await node.kubectl([
            "get",
            "dr",
            "-A",
            "-o",
            'jsonpath={.items[?(@.spec.authenticationType=="Token")].metadata.name}',
        ]);
        assert.equal(r.stdout, "carol-bob");
        r = await node.kubectl(["get", "domain", "bob", "-o", "jsonpath={.status.phase}"]);
        assert.equal(r.code, 0);
        assert.equal(r.stdout, "");
    });

    it("prints -o custom-columns with <none> for missing values", async () => {
        const r = await node.kubectl([
            "get",
            "domain",
            "-o",
            "custom-columns=NAME:.metadata.name,ROLE:.spec.role,PHASE:.status.phase",
        ]);
        assert.equal(r.code, 0);
        const rows = r.stdout
            .trimEnd()
            .split("\n")
            .map(l => l.split(/\s+/));
        assert.deepEqual(rows, [
            ["NAME", "ROLE", "PHASE"],
            ["bob", "partner", "<none>"],
            ["carol", "partner", "<none>"],
        ]);
    });

    it("reports a missing object like kubectl, with exit 1", async () => {
        const r = await node.kubectl(["get", "domain", "nobody"]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, 'Error from server (NotFound): domains "nobody" not found\n');
        const r2 = await node.kubectl(["get", "kj", "nojob", "-o", "custom-columns=PHASE:.status.phase"]);
        assert.equal(r2.code, 1);
        assert.match(r2.stderr, /kusciajobs "nojob" not found/);
    });

    it("rejects unknown resource types and kinds", async () => {
        let r = await node.kubectl(["get", "widgets"]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, 'error: the server doesn\'t have a resource type "widgets"\n');
        r = await node.kubectl(["apply", "-f", "-"], "apiVersion: v1\nkind: Widget\nmetadata:\n  name: w\n");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /no matches for kind "Widget" in version "v1"/);
    });

    it("validates names: DNS subdomains, and reserved domain ids", async () => {
        let r = await node.kubectl(
            ["apply", "-f", "-"],
            "apiVersion: kuscia.secretflow/v1alpha1\nkind: KusciaJob\nmetadata:\n  name: Bad_Job\nspec: {}\n",
        );
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            /The KusciaJob "Bad_Job" is invalid: metadata.name: Invalid value: "Bad_Job": a lowercase RFC 1123 subdomain/,
        );
        r = await node.kubectl(
            ["apply", "-f", "-"],
            "apiVersion: kuscia.secretflow/v1alpha1\nkind: Domain\nmetadata:\n  name: master\n",
        );
        assert.equal(r.code, 1);
        assert.match(r.stderr, /is a reserved domain id/);
        r = await node.kubectl(["get", "domain", "master"]);
        assert.equal(r.code, 1);
    });

    it("annotates, refusing to change a value without --overwrite", async () => {
        let r = await node.kubectl(["annotate", "domain/bob", "kuscia.secretflow/domain-type=embedded"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, "domain.kuscia.secretflow/bob annotated\n");
        r = await node.kubectl(["annotate", "domain", "bob", "kuscia.secretflow/domain-type=other"]);
        assert.equal(r.code, 1);
        assert.match(
            r.stderr,
            new RegExp(
                String.raw`--overwrite is false but found the following declared annotation\(s\): ` +
                    String.raw`'kuscia.secretflow\/domain-type' already has a value \(embedded\)`,
            ),
        );
        r = await node.kubectl(["annotate", "domain", "bob", "kuscia.secretflow/domain-type=other", "--overwrite"]);
        assert.equal(r.code, 0);
        r = await node.kubectl([
            "get",
            "domain",
            "bob",
            "-o",
            "jsonpath={.metadata.annotations.kuscia\\.secretflow/domain-type}",
        ]);
        assert.equal(r.stdout, "other");
        const obj = JSON.parse((await node.kubectl(["get", "domain", "bob", "-o", "json"])).stdout);
        assert.equal(obj.metadata.annotations["kuscia.secretflow/domain-type"], "other");
        r = await node.kubectl(["annotate", "domain", "nobody", "a=b"]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, 'Error from server (NotFound): domains "nobody" not found\n');
    });

    it("labels, refusing to change a value without --overwrite", async () => {
        let r = await node.kubectl(["label", "domain", "bob", "tier=gold"]);
        assert.equal(r.stdout, "domain.kuscia.secretflow/bob labeled\n", r.stderr);
        r = await node.kubectl(["label", "domain", "bob", "tier=silver"]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, "error: 'tier' already has a value (gold), and --overwrite is false\n");
        r = await node.kubectl(["label", "domain", "bob", "tier=silver", "--overwrite"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            (await node.kubectl(["get", "domain", "bob", "-o", "jsonpath={.metadata.labels.tier}"])).stdout,
            "silver",
        );
        r = await node.kubectl(["label", "domain", "bob", "tier-"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(
            (await node.kubectl(["get", "domain", "bob", "-o", "jsonpath={.metadata.labels.tier}"])).stdout,
            "",
        );
    });

    it("keeps annotations and status across a re-apply", async () => {
        const r = await node.kubectl(
            ["apply", "-f", "-"],
            JSON.stringify({
                apiVersion: "kuscia.secretflow/v1alpha1",
                kind: "Domain",
                metadata: { name: "bob" },
                spec: { cert: "", role: "partner" },
            }),
        );
        assert.equal(r.stdout, "domain.kuscia.secretflow/bob unchanged\n");
        const obj = JSON.parse((await node.kubectl(["get", "domain", "bob", "-o", "json"])).stdout);
        assert.equal(obj.metadata.annotations["kuscia.secretflow/domain-type"], "other");
    });

    it("deletes, with NotFound errors unless --ignore-not-found", async () => {
        let r = await node.kubectl(["delete", "dr", "carol-bob", "-n", "carol"]);
        assert.equal(r.code, 0);
        assert.equal(r.stdout, 'domainroute.kuscia.secretflow "carol-bob" deleted\n');
        r = await node.kubectl(["delete", "dr", "carol-bob", "-n", "carol"]);
        assert.equal(r.code, 1);
        assert.equal(r.stderr, 'Error from server (NotFound): domainroutes "carol-bob" not found\n');
        r = await node.kubectl(["delete", "dr", "carol-bob", "-n", "carol", "--ignore-not-found"]);
        assert.equal(r.code, 0);
        assert.equal(r.stdout + r.stderr, "");
        r = await node.kubectl(["delete", "domain", "carol"]);
        assert.equal(r.code, 0);
        assert.equal((await node.kubectl(["get", "domain", "carol"])).code, 1);
    });

    it("stores objects as files under KUSCIA_HOME/var, readable by a fresh process", async () => {
        const file = path.join(node.home, "var", "sim", "store", "domainroutes", "alice", "alice-bob.json");
        assert.equal(JSON.parse(fs.readFileSync(file, "utf8")).spec.source, "alice");
        assert.deepEqual(
            fs.readdirSync(path.dirname(file)).filter(f => f.endsWith(".tmp")),
            [],
        );
    });
});
