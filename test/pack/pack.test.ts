// The library installed as users install it: `npm pack`, then `npm install` of the tarball into a
// fresh program that pins its own @pulumi/pulumi to another 3.x version (the peer range's lower bound).
// The program must get one copy of each @pulumi SDK (none nested under pulumi-kuscia), compile
// against them with every public export (test/pack/fixture/program.ts), and run under their mocks.
import { after, before, describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repo = path.resolve(__dirname, "..", "..");
const fixture = path.join(__dirname, "fixture");
const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
const sdks = ["@pulumi/pulumi", "@pulumi/command", "@pulumi/docker", "@pulumi/tls"];

/** The @pulumi/pulumi the program pins: PACK_PULUMI_VERSION, else the lower bound of the peer range `^X.Y.Z`. */
function otherPulumiVersion(): string {
    if (process.env.PACK_PULUMI_VERSION) {
        return process.env.PACK_PULUMI_VERSION;
    }
    const range: string | undefined = pkg.peerDependencies?.["@pulumi/pulumi"];
    const m = /^\^(3\.\d+\.\d+)$/.exec(range ?? "");
    assert.ok(m, `peerDependencies["@pulumi/pulumi"] should be ^3.X.Y, is ${range}`);
    return m[1];
}

/** The public API as the installed package's declarations state it: every exported name. */
function declaredExports(dts: string): string[] {
    assert.doesNotMatch(
        dts,
        /export \* from/,
        "the index re-exports whole modules (export * from); name the public exports",
    );
    const names: string[] = [];
    for (const m of dts.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
        names.push(
            ...m[1]
                .split(",")
                .map(s =>
                    s
                        .trim()
                        .split(/\s+as\s+/)
                        .pop()!,
                )
                .filter(s => s !== ""),
        );
    }
    for (const m of dts.matchAll(/export \* as (\w+)/g)) {
        names.push(m[1]);
    }
    for (const m of dts.matchAll(
        /export (?:declare )?(?:abstract )?(?:class|function|const|let|interface|type|enum) (\w+)/g,
    )) {
        names.push(m[1]);
    }
    return [...new Set(names)].sort();
}

/** Every directory `node_modules/<name>` under `root`, however deep, as paths relative to `root`. */
function copiesOf(root: string, name: string): string[] {
    const found: string[] = [];
    const walk = (nm: string) => {
        if (!fs.existsSync(nm)) {
            return;
        }
        if (fs.existsSync(path.join(nm, name, "package.json"))) {
            found.push(path.relative(root, path.join(nm, name)));
        }
        for (const entry of fs.readdirSync(nm)) {
            const dirs = entry.startsWith("@")
                ? fs.readdirSync(path.join(nm, entry)).map(e => path.join(nm, entry, e))
                : [path.join(nm, entry)];
            for (const dir of dirs) {
                walk(path.join(dir, "node_modules"));
            }
        }
    };
    walk(path.join(root, "node_modules"));
    return found.sort();
}

function run(cmd: string, args: string[], cwd: string): string {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, `${cmd} ${args.join(" ")} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}

describe("the package, installed into a program on another @pulumi/pulumi", { timeout: 10 * 60_000 }, () => {
    const other = otherPulumiVersion();
    let tmp: string;
    let app: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-pack-"));
        app = path.join(tmp, "app");
        fs.mkdirSync(app);
    });
    after(() => {
        if (tmp !== undefined) {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it(`pins another @pulumi/pulumi than the repo's own (${other} vs ${pkg.devDependencies["@pulumi/pulumi"]})`, () => {
        assert.notEqual(other, pkg.devDependencies["@pulumi/pulumi"]);
    });

    it("builds, packs and installs the tarball with npm", () => {
        run("npm", ["run", "--silent", "build"], repo);
        const packed = JSON.parse(run("npm", ["pack", "--json", "--silent", "--pack-destination", tmp], repo));
        const tarball = path.join(tmp, packed[0].filename);
        for (const f of ["program.ts", "run.ts", "tsconfig.json"]) {
            fs.copyFileSync(path.join(fixture, f), path.join(app, f));
        }
        fs.writeFileSync(
            path.join(app, "package.json"),
            JSON.stringify(
                {
                    name: "kuscia-pack-fixture",
                    private: true,
                    dependencies: {
                        "@pulumi/pulumi": other,
                        "pulumi-kuscia": `file:${tarball}`,
                        typescript: pkg.devDependencies.typescript,
                        "@types/node": pkg.devDependencies["@types/node"],
                    },
                },
                null,
                2,
            ),
        );
        run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app);
        const installed = JSON.parse(
            fs.readFileSync(path.join(app, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
        );
        assert.equal(installed.version, other);
    });

    it("carries the plugin folder for other languages, whose entry is in the package", () => {
        const plugin = path.join(app, "node_modules", "pulumi-kuscia", "provider");
        assert.match(fs.readFileSync(path.join(plugin, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        const main = JSON.parse(fs.readFileSync(path.join(plugin, "package.json"), "utf8")).main;
        assert.ok(fs.existsSync(path.join(plugin, main)), `the plugin's entry ${main} is not in the package`);
    });

    it("has one copy of each @pulumi SDK, the program's, none nested under pulumi-kuscia", () => {
        const nested = path.join(app, "node_modules", "pulumi-kuscia", "node_modules");
        assert.deepEqual(
            sdks.flatMap(s => copiesOf(app, s)),
            sdks.map(s => path.join("node_modules", s)),
            fs.existsSync(nested)
                ? `pulumi-kuscia/node_modules holds: ${fs.readdirSync(nested).join(", ")}`
                : undefined,
        );
    });

    it("exports the public API only, and the program uses every export", () => {
        const installedPkg = JSON.parse(
            fs.readFileSync(path.join(app, "node_modules", "pulumi-kuscia", "package.json"), "utf8"),
        );
        const dts = fs.readFileSync(path.join(app, "node_modules", "pulumi-kuscia", installedPkg.types), "utf8");
        const names = declaredExports(dts);
        const program = fs.readFileSync(path.join(fixture, "program.ts"), "utf8");
        assert.deepEqual(
            names.filter(n => !new RegExp(`\\bkuscia\\.${n}\\b`).test(program)),
            [],
            "exports test/pack/fixture/program.ts does not use",
        );
        const values = run("node", ["-p", "Object.keys(require('pulumi-kuscia')).sort().join(' ')"], app)
            .trim()
            .split(" ");
        assert.deepEqual(values, [
            "ExamplePsiJob",
            "KusciaAutonomyNode",
            "KusciaCluster",
            "KusciaValidationError",
            "MutualAuthorization",
            "defaults",
            "peerFromFile",
            "peerFromStack",
        ]);
    });

    it("compiles the program with tsc --noEmit (library declarations checked too)", () => {
        run(path.join(app, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"], app);
    });

    it("runs the program under the program's own @pulumi/pulumi mocks", () => {
        // Type-checked above; here only transpiled, with the program's typescript.
        run(
            "node",
            [
                "-e",
                `const ts = require("typescript"), fs = require("fs");
            for (const f of ["program", "run"]) {
                const out = ts.transpileModule(fs.readFileSync(f + ".ts", "utf8"), { compilerOptions: {
                    module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
                fs.writeFileSync(f + ".js", out.outputText);
            }`,
            ],
            app,
        );
        run("node", ["run.js", "result.json"], app);
        const { registered, problems } = JSON.parse(fs.readFileSync(path.join(app, "result.json"), "utf8"));
        const types = new Set((registered as string[]).map(r => r.split(" ")[0]));
        for (const t of [
            "kuscia:index:KusciaAutonomyNode",
            "kuscia:index:MutualAuthorization",
            "kuscia:index:KusciaCluster",
            "kuscia:index:ExamplePsiJob",
            "command:remote:Command",
            "docker:index/container:Container",
            "tls:index/privateKey:PrivateKey",
            "pulumi-nodejs:dynamic:Resource",
            "pulumi:pulumi:StackReference",
        ]) {
            assert.ok(types.has(t), `no ${t} registered; got ${[...types].join(", ")}`);
        }
        assert.ok(
            (problems as string[]).some(p => p.includes("'Not_A_Domain'")),
            `KusciaValidationError.problems: ${problems}`,
        );
    });
});
