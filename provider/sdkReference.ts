// docs/sdk-reference.md: every component's and type's names in each language's SDK, made from the package's
// schema (`npm run docs:sdk` writes it; a unit test keeps the committed file equal to what this makes).
import * as fs from "node:fs";
import * as path from "node:path";
import { componentTypes, tokenName } from "../components/core/typeTokens";
import { packageSchema } from "./schema";
import { goName, inputTypeClass, pythonName } from "./sdkNames";

interface Property {
    description: string;
    secret?: boolean;
    plain?: boolean;
}

/** The reference's path, from the repository's root. */
export const sdkReferencePath = "docs/sdk-reference.md";

const cell = (text: string) => text.replace(/\|/g, "\\|");

function propertyRows(properties: Record<string, Property>, required: string[]): string[] {
    return Object.entries(properties).map(([name, p]) => {
        const notes = [required.includes(name) ? "required" : "", p.plain ? "plain" : "", p.secret ? "secret" : ""];
        return (
            `| \`${name}\` | \`${pythonName(name)}\` | \`${goName(name)}\` | ${notes.filter(n => n).join(", ")} | ` +
            `${cell(p.description)} |`
        );
    });
}

const header = ["| TypeScript, YAML | Python | Go | | meaning |", "|---|---|---|---|---|"];

/** The reference, as markdown. */
export function sdkReference(): string {
    const schema = packageSchema("(the package's)");
    const out = [
        "# The kuscia package in each language",
        "",
        "<!-- Made by `npm run docs:sdk` from provider/schema.ts; edit the schema, not this file. -->",
        "",
        "A program in any language uses the same components under the same type tokens. TypeScript imports the npm",
        'package (`import * as kuscia from "pulumi-kuscia"`, whose API reference `npm run docs` writes); Python,',
        "Go and YAML name the package's plugin folder in `Pulumi.yaml` (`packages: kuscia: <path to provider/>`),",
        "and `pulumi install` generates the Python module `pulumi_kuscia` and the Go package `kuscia/sdk/go/kuscia`.",
        "Properties keep the TypeScript names in YAML, and take each language's case in Python and Go. A plain",
        "property takes a value known when the program runs, not an output of another resource.",
        "",
    ];
    for (const [name, token] of Object.entries(componentTypes)) {
        const r = schema.resources[token];
        out.push(
            `## ${name}`,
            "",
            r.description,
            "",
            `- TypeScript: \`new kuscia.${name}(name, args, opts)\``,
            `- Python: \`pulumi_kuscia.${name}(resource_name, opts=None, **args)\``,
            `- Go: \`kuscia.New${name}(ctx, name, &kuscia.${name}Args{...}, opts...)\``,
            `- YAML: \`type: ${token}\``,
            "",
            "Inputs:",
            "",
            ...header,
            ...propertyRows(r.inputProperties as Record<string, Property>, r.requiredInputs),
            "",
            "Outputs:",
            "",
            ...header,
            ...propertyRows(r.properties as Record<string, Property>, []),
            "",
        );
    }
    out.push("## Types", "");
    for (const [token, t] of Object.entries(schema.types)) {
        const name = tokenName(token);
        out.push(
            `### ${name}`,
            "",
            t.description,
            "",
            `- TypeScript, YAML: an object; Python: \`pulumi_kuscia.${inputTypeClass(name)}\` (or a dict of its ` +
                `Python names); Go: \`kuscia.${inputTypeClass(name)}\``,
            "",
            ...header,
            ...propertyRows(t.properties as Record<string, Property>, t.required),
            "",
        );
    }
    return out.join("\n");
}

if (require.main === module) {
    fs.mkdirSync(path.dirname(sdkReferencePath), { recursive: true });
    fs.writeFileSync(sdkReferencePath, sdkReference());
    console.log(`wrote ${sdkReferencePath}`);
}
