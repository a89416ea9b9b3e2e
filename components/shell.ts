import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/** Quotes one word for a POSIX shell. */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

const scriptsDir = path.join(__dirname, "scripts");

/** The text of the named files under components/scripts, joined in order. */
export function scriptText(files: string[]): string {
    return files.map(f => fs.readFileSync(path.join(scriptsDir, f), "utf8")).join("\n");
}

/**
 * A remote command line that runs the given script files with positional arguments.
 * The arguments are quoted, so any value is passed as one word; secrets never go here (use stdin).
 */
export function scriptCommand(files: string[], args: pulumi.Input<string | number>[]): pulumi.Output<string> {
    const step = path.basename(files[files.length - 1], ".sh");
    return pulumi.all(args).apply(values =>
        ["bash", "-c", shellQuote(scriptText(files)), shellQuote(`kuscia-${step}`), ...values.map(v => shellQuote(String(v)))].join(" "));
}

/** One script of a multi-script step, with its positional arguments. */
export interface ScriptPart {
    script: string;
    args: pulumi.Input<string | number>[];
}

/**
 * A remote command line that runs several scripts in one SSH session, each in its own subshell
 * with its own positional arguments, in order, stopping at the first that fails. The first script
 * that reads the step's stdin (install_files) reads all of it.
 */
export function scriptsCommand(step: string, parts: ScriptPart[]): pulumi.Output<string> {
    return pulumi.all(parts.map(p => pulumi.all(p.args))).apply(values => {
        const body = parts.map((p, i) =>
            `(\nset -- ${values[i].map(v => shellQuote(String(v))).join(" ")}\n${scriptText([p.script])}\n)`).join("\n");
        return ["bash", "-c", shellQuote(`${scriptText(["lib.sh"])}\n${body}`), shellQuote(`kuscia-${step}`)].join(" ");
    });
}

/** One file for scripts/files.sh: name, octal mode, content. Rendered as `name mode base64` lines on stdin. */
export interface FileEntry {
    name: string;
    mode: string;
    content: pulumi.Input<string>;
}

export function fileBundle(entries: FileEntry[]): pulumi.Output<string> {
    return pulumi.output(entries).apply(es =>
        es.map(e => `${e.name} ${e.mode} ${Buffer.from(e.content, "utf8").toString("base64")}\n`).join(""));
}
