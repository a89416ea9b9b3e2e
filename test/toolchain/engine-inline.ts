// Drives the engine through the Automation API with an inline program (no language host) and one
// dynamic resource that owns a marker file: up creates it, a re-preview sees no changes, destroy
// removes it. Usage: tsx engine-inline.ts WORK_DIR. Exits non-zero, naming the step, on failure.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace } from "@pulumi/pulumi/automation";

interface MarkerInputs {
    file: string;
    content: string;
}

const markerProvider: pulumi.dynamic.ResourceProvider<MarkerInputs> = {
    async create(inputs) {
        fs.writeFileSync(inputs.file, inputs.content);
        return { id: inputs.file, outs: inputs };
    },
    async delete(id) {
        fs.rmSync(id, { force: true });
    },
};

class Marker extends pulumi.dynamic.Resource {
    declare public readonly content: pulumi.Output<string>;
    constructor(name: string, args: { file: string; content: string }) {
        super(markerProvider, name, args, {});
    }
}

function expect(condition: boolean, step: string): void {
    if (!condition) throw new Error(`engine-inline: ${step}`);
}

async function main(): Promise<void> {
    const workDir = path.resolve(process.argv[2] ?? "");
    const file = path.join(workDir, "marker.txt");
    const content = `written by the engine at ${new Date().toISOString()}`;
    const stack = await LocalWorkspace.createOrSelectStack(
        {
            projectName: "toolchain-engine-inline",
            stackName: "test",
            program: async () => {
                const marker = new Marker("marker", { file, content });
                return { content: marker.content };
            },
        },
        { workDir },
    );

    const up = await stack.up();
    expect(up.summary.result === "succeeded", `up result ${up.summary.result}`);
    expect(up.outputs.content?.value === content, "stack output differs from the marker content");
    expect(fs.readFileSync(file, "utf8") === content, "marker file missing or wrong after up");

    const preview = await stack.preview({ expectNoChanges: true });
    expect(
        Object.keys(preview.changeSummary).every(op => op === "same"),
        "preview reports changes",
    );

    const destroy = await stack.destroy();
    expect(destroy.summary.result === "succeeded", `destroy result ${destroy.summary.result}`);
    expect(!fs.existsSync(file), "marker file still there after destroy");
    console.log("engine-inline: up, no-change preview and destroy succeeded");
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
