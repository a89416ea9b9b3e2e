import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection } from "./connection";
import { privateCacheDir } from "./localCache";
import { shellQuote } from "./shell";

/*
 * Every remote step runs one bundle of scripts, copied once to each node's host: the common steps
 * (components/core/scripts) and those of the node's Kuscia generation (components/v03/scripts, components/v11/scripts).
 * `bash BUNDLE add-domain@VERSION join@VERSION CERTS_DIR=... PEER=bob`: a step's command line is short
 * and names its values, which is what `pulumi preview --diff` and a failed step's error show. The
 * bundle holds the scripts without their comments, and VERSION is a hash of what a step runs: a
 * library upgrade that only rewords comments plans no change on any host.
 */

/** The steps every generation shares: lib.sh, the entry and the host-level steps. */
const commonScriptsDir = path.join(__dirname, "scripts");
const sharedScripts = ["lib.sh"];
const entryScript = "dispatch.sh";

/** A script's text without comment lines and blank lines: what it does, not what it says. */
function behaviour(file: string): string {
    return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(line => line.trim() !== "" && !/^\s*#/.test(line))
        .join("\n");
}

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** The step scripts of `dir` by step name (file name without .sh), other than the shared ones. */
function stepFiles(dir: string): [string, string][] {
    return fs
        .readdirSync(dir)
        .filter(f => f.endsWith(".sh") && !sharedScripts.includes(f) && f !== entryScript)
        .map(f => [f.slice(0, -3), path.join(dir, f)] as [string, string]);
}

function functionName(step: string): string {
    return `kuscia_step_${step.replace(/-/g, "_")}`;
}

/** The scripts one node's host runs: the common steps and its Kuscia generation's. */
export interface Bundle {
    /** The bundle's text: the shared scripts, one function per step, the entry. */
    text: string;
    /** A local file holding `text`, for the copy to each host. */
    file: string;
    /** Each step's version: a hash of the shared scripts and the step's own, without comments. */
    versions: Record<string, string>;
}

const bundles = new Map<string, Omit<Bundle, "file">>();

/** The bundle of the common steps and those in `generationScriptsDir`, its file in the user's private cache dir. */
export function stepBundle(generationScriptsDir: string): Bundle {
    let bundle = bundles.get(generationScriptsDir);
    if (bundle === undefined) {
        bundle = bundleOf(generationScriptsDir);
        bundles.set(generationScriptsDir, bundle);
    }
    return { ...bundle, file: privateCopy(bundle.text) };
}

function bundleOf(generationScriptsDir: string): Omit<Bundle, "file"> {
    const shared = sharedScripts.map(f => behaviour(path.join(commonScriptsDir, f))).join("\n");
    const common = stepFiles(commonScriptsDir);
    const own = stepFiles(generationScriptsDir);
    const clash = own.filter(([s]) => common.some(([c]) => c === s)).map(([s]) => s);
    if (clash.length > 0) {
        throw new Error(`${generationScriptsDir} has steps of the common scripts: ${clash.join(", ")}`);
    }
    const steps = [...common, ...own].sort(([a], [b]) => a.localeCompare(b));
    const versions = Object.fromEntries(steps.map(([s, f]) => [s, shortHash(`${shared}\n${behaviour(f)}`)]));
    const text = [
        "# pulumi-kuscia remote steps: generated from the library's step scripts; see components/remoteSteps.ts.",
        shared,
        ...steps.map(([s, f]) => `${functionName(s)}() (\n${behaviour(f)}\n)`),
        behaviour(path.join(commonScriptsDir, entryScript)),
        "",
    ].join("\n");
    return { text, versions };
}

/**
 * A file holding exactly `text`, in a dir only this user can write: what is shipped to every host is what was generated
 * here.
 */
function privateCopy(text: string): string {
    const file = path.join(privateCacheDir("steps"), `${shortHash(text)}.sh`);
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text, { mode: 0o600 });
        fs.renameSync(tmp, file);
    }
    return file;
}

/** The named values a step reads, as shell variables (upper-case names). Secrets never go here: use stdin. */
export type StepValues = Record<string, pulumi.Input<string | number | boolean>>;

/** `STEP@VERSION ... NAME=VALUE ... [-- ARG ...]`: what follows the bundle on a step's command line. */
export function stepArguments(
    bundle: Bundle,
    steps: string[],
    values: Record<string, string | number | boolean>,
    args: string[] = [],
): string {
    const { versions } = bundle;
    const named = Object.entries(values).map(([k, v]) => {
        if (!/^[A-Z][A-Z0-9_]*$/.test(k)) {
            throw new Error(`step value name '${k}' must be upper-case`);
        }
        return shellQuote(`${k}=${v}`);
    });
    const words = steps.map(s => {
        if (versions[s] === undefined) {
            throw new Error(`no step script ${s}.sh`);
        }
        return `${s}@${versions[s]}`;
    });
    return [...words, ...named, ...(args.length > 0 ? ["--", ...args.map(shellQuote)] : [])].join(" ");
}

/**
 * The command line that runs `steps` from `bundle`, copied to `bundlePath`, in order, with `values` (and `args` after
 * `--`).
 */
export function stepCommand(
    bundle: Bundle,
    bundlePath: pulumi.Input<string>,
    steps: string[],
    values: StepValues,
    args: pulumi.Input<pulumi.Input<string>[]> = [],
): pulumi.Output<string> {
    return pulumi
        .all([bundlePath, pulumi.all(values), pulumi.output(args)])
        .apply(
            ([where, v, a]) =>
                `bash ${shellQuote(where)} ${stepArguments(bundle, steps, v as Record<string, string | number | boolean>, a as string[])}`,
        );
}

/** Where the steps of a node run: its host's connection and its copy of the bundle there. */
export interface StepHost {
    readonly connection: Connection;
    /** The connection has no pinned host key and takes any (the node's insecureAcceptAnyHostKey). */
    readonly acceptAnyHostKey: boolean;
    /** The scripts there. */
    readonly scripts: Bundle;
    /** The bundle's path on the host. */
    readonly bundlePath: pulumi.Output<string>;
    /** The copy of the bundle; every step comes after it. */
    readonly bundle: pulumi.Resource;
}

/**
 * Copies the bundle to `remotePath` on the host. The copy is made again when `epoch` changes (a
 * wiped host). The file is removed on destroy, after every step that uses it: by a command that
 * runs nothing on create, and that every step depends on through the copy.
 */
export function installBundle(
    name: string,
    connection: Connection,
    acceptAnyHostKey: boolean,
    scripts: Bundle,
    remotePath: pulumi.Output<string>,
    triggers: pulumi.Input<unknown>[],
    opts: pulumi.CustomResourceOptions,
): StepHost {
    const removal = new command.remote.Command(
        `${name}-removal`,
        {
            connection,
            delete: pulumi.interpolate`rm -f -- ${remotePath.apply(shellQuote)}`,
            addPreviousOutputInEnv: false,
            triggers: [remotePath],
        },
        opts,
    );
    const copy = new command.remote.CopyToRemote(
        name,
        {
            connection,
            source: new pulumi.asset.FileAsset(scripts.file),
            remotePath,
            triggers,
        },
        { ...opts, dependsOn: [removal] },
    );
    return { connection, acceptAnyHostKey, scripts, bundlePath: remotePath, bundle: copy };
}

/** One file for lib.sh's install_files: name, octal mode, content; sent as `name mode base64` lines on stdin. */
export interface FileEntry {
    name: string;
    mode: string;
    content: pulumi.Input<string>;
}

export function fileBundle(entries: FileEntry[]): pulumi.Output<string> {
    return pulumi
        .output(entries)
        .apply(es =>
            es.map(e => `${e.name} ${e.mode} ${Buffer.from(e.content, "utf8").toString("base64")}\n`).join(""),
        );
}

/** What one remote step runs on create and on delete. */
export interface RemoteStepArgs {
    /** Steps run on create, in order, in one SSH session. */
    readonly run: string[];
    readonly values: StepValues;
    /** Files for the first step that installs files; secret when any of them is. */
    readonly stdin?: pulumi.Input<string>;
    /** Steps run on delete, with `deleteValues` (default `values`). */
    readonly onDelete?: string[];
    readonly deleteValues?: StepValues;
    /** Words after `--` on the create command line (the step reads them as ARGS). */
    readonly args?: pulumi.Input<pulumi.Input<string>[]>;
    /** The step prints secrets: its stdout is a secret output and is never shown while it runs (stderr still is). */
    readonly secretStdout?: boolean;
    /** A change to any of these runs the step again (delete, then create). */
    readonly triggers?: pulumi.Input<unknown>[];
}

/** A remote step on `host`: one @pulumi/command Command, after the host's bundle is in place. */
export function remoteStep(
    name: string,
    host: StepHost,
    args: RemoteStepArgs,
    opts: pulumi.CustomResourceOptions,
): command.remote.Command {
    const dependsOn = [host.bundle, ...asArray(opts.dependsOn)];
    return new command.remote.Command(
        name,
        {
            connection: host.connection,
            create: stepCommand(host.scripts, host.bundlePath, args.run, args.values, args.args),
            delete:
                args.onDelete === undefined
                    ? undefined
                    : stepCommand(host.scripts, host.bundlePath, args.onDelete, args.deleteValues ?? args.values),
            stdin: args.stdin,
            triggers: args.triggers,
            addPreviousOutputInEnv: false,
            ...(args.secretStdout ? { logging: "stderr" as const } : {}),
        },
        {
            ...opts,
            dependsOn,
            ...(args.secretStdout
                ? { additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), "stdout"] }
                : {}),
        },
    );
}

/** The check of a HostProbe: the named probe step, or `missing` when the host has no bundle at all. */
export function probeCommand(
    bundle: Bundle,
    bundlePath: pulumi.Output<string>,
    step: string,
    values: StepValues,
): pulumi.Output<string> {
    return pulumi
        .all([bundlePath, stepCommand(bundle, bundlePath, [step], values)])
        .apply(([where, run]) => `if [ -f ${shellQuote(where)} ]; then ${run}; else echo missing; fi`);
}

function asArray(
    d: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource> | undefined,
): pulumi.Input<pulumi.Resource>[] {
    if (d === undefined) {
        return [];
    }
    return Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}
