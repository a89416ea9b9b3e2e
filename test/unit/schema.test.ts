// The provider's schema against the TypeScript arguments it stands for: the same names, the same required ones, so
// that a Python, Go or YAML program can pass every argument a TypeScript program can, and no other.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { hostProbeType } from "../../components/core/hostProbe";
import { packageSchema } from "../../provider/schema";

const repo = path.resolve(__dirname, "../..");
const program = ts.createProgram(
    ["nodeArgs.ts", "mutualAuthorization.ts", "examplePsiJob.ts", "kusciaCluster.ts"].map(f =>
        path.join(repo, "components", f),
    ),
    { strict: true },
);
const checker = program.getTypeChecker();

/** An interface's members as TypeScript sees them: names, and which are required. */
function members(file: string, name: string): { names: string[]; required: string[] } {
    const source = program.getSourceFile(path.join(repo, "components", file))!;
    const decl = source.statements.find(
        (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
    );
    assert.ok(decl, `${name} is not an interface of ${file}`);
    const props = checker.getPropertiesOfType(checker.getTypeAtLocation(decl));
    return {
        names: props.map(p => p.name).sort(),
        required: props
            .filter(p => !(p.flags & ts.SymbolFlags.Optional))
            .map(p => p.name)
            .sort(),
    };
}

const schema = packageSchema("0.0.0");
const resource = (name: string) => schema.resources[`kuscia:index:${name}` as keyof typeof schema.resources];
const keys = (o: object) => Object.keys(o).sort();

describe("the provider's schema and the TypeScript arguments", () => {
    it("KusciaAutonomyNode and a cluster's ClusterNode take exactly KusciaAutonomyNodeArgs", () => {
        const ts = members("nodeArgs.ts", "KusciaAutonomyNodeArgs");
        const node = resource("KusciaAutonomyNode") as { inputProperties: object; requiredInputs: string[] };
        assert.deepEqual(keys(node.inputProperties), ts.names);
        assert.deepEqual([...node.requiredInputs].sort(), ts.required);
        const nodeArgs = schema.types["kuscia:index:ClusterNode"];
        assert.deepEqual(keys(nodeArgs.properties), ts.names);
        assert.deepEqual([...nodeArgs.required].sort(), ts.required);
    });

    it("MutualAuthorization takes the members of both forms (the union is checked by the component)", () => {
        const both = [
            ...members("mutualAuthorization.ts", "MutualAuthorizationNodesArgs").names,
            ...members("mutualAuthorization.ts", "MutualAuthorizationPeerArgs").names,
        ];
        assert.deepEqual(
            keys((resource("MutualAuthorization") as { inputProperties: object }).inputProperties),
            [...new Set(both)].sort(),
        );
    });

    it("ExamplePsiJob takes ExamplePsiJobArgs but `after`, which is the resource option dependsOn", () => {
        const ts = members("examplePsiJob.ts", "ExamplePsiJobArgs");
        const job = resource("ExamplePsiJob") as { inputProperties: object; requiredInputs: string[] };
        assert.deepEqual(
            keys(job.inputProperties),
            ts.names.filter(n => n !== "after"),
        );
        assert.deepEqual([...job.requiredInputs].sort(), ts.required);
    });

    it("KusciaCluster takes exactly KusciaClusterArgs", () => {
        const ts = members("kusciaCluster.ts", "KusciaClusterArgs");
        const cluster = resource("KusciaCluster") as { inputProperties: object; requiredInputs: string[] };
        assert.deepEqual(keys(cluster.inputProperties), ts.names);
        assert.deepEqual([...cluster.requiredInputs].sort(), ts.required);
    });

    it("every secret of the node's connection is a secret in the schema, and the probe is a custom resource", () => {
        const login = schema.types["kuscia:index:Connection"].properties as Record<string, { secret?: boolean }>;
        for (const field of ["privateKey", "privateKeyPassword", "password"]) {
            assert.equal(login[field].secret, true, `connection.${field}`);
        }
        assert.equal((schema.resources[hostProbeType] as { isComponent?: boolean }).isComponent, undefined);
    });
});
