import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { Connection } from "./connection";

/*
 * Every remote step runs one bundle of the scripts under components/scripts, copied once to each
 * node's host: `bash BUNDLE grant@VERSION join@VERSION CERTS_DIR=... PEER=bob`. A step's command line
 * is then short and names its values, which is what `pulumi preview --diff` and a failed step's
 * error show. The bundle holds the scripts without their comments, and VERSION is a hash of what a
 * step runs: a library upgrade that only rewords comments plans no change on any host.
 */

const scriptsDir = path.join(__dirname, "scripts");
const sharedScripts = ["lib.sh"];
const entryScript = "dispatch.sh";

/** A script's text without comment lines and blank lines: what it does, not what it says. */
function behaviour(file: string): string {
    return fs.readFileSync(path.join(scriptsDir, file), "utf8")
        .split("\n").filter(line => line.trim() !== "" && !/^\s*#/.test(line)).join("\n");
}

function shortHash(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** Step names: the script files under components/scripts other than the shared ones. */
function stepNames(): string[] {
    return fs.readdirSync(scriptsDir)
        .filter(f => f.endsWith(".sh") && !sharedScripts.includes(f) && f !== entryScript)
        .map(f => f.slice(0, -3)).sort();
}

function functionName(step: string): string {
    return `kuscia_step_${step.replace(/-/g, "_")}`;
}

interface Bundle {
    /** The bundle's text: the shared scripts, one function per step, the entry. */
    text: string;
    /** A local file holding `text`, for the copy to each host. */
    file: string;
    /** Each step's version: a hash of the shared scripts and the step's own, without comments. */
    versions: Record<string, string>;
}

let cached: Bundle | undefined;

/** The bundle of step scripts, written once per content to the machine's temp dir. */
export function stepBundle(): Bundle {
    if (cached !== undefined) {
        return cached;
    }
    const shared = sharedScripts.map(behaviour).join("\n");
    const steps = stepNames();
    const versions = Object.fromEntries(steps.map(s => [s, shortHash(`${shared}\n${behaviour(`${s}.sh`)}`)]));
    const text = [
        "# pulumi-kuscia remote steps: generated from components/scripts; see components/remoteSteps.ts.",
        shared,
        ...steps.map(s => `${functionName(s)}() (\n${behaviour(`${s}.sh`)}\n)`),
        behaviour(entryScript),
        "",
    ].join("\n");
    const file = path.join(os.tmpdir(), `pulumi-kuscia-steps-${shortHash(text)}.sh`);
    if (!fs.existsSync(file)) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text, { mode: 0o644 });
        fs.renameSync(tmp, file);
    }
    cached = { text, file, versions };
    return cached;
}

/** Quotes one word for a POSIX shell, unless it needs none. */
export function shellQuote(word: string): string {
    return /^[A-Za-z0-9_./:@%+,=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The named values a step reads, as shell variables (upper-case names). Secrets never go here: use stdin. */
export type StepValues = Record<string, pulumi.Input<string | number | boolean>>;

/** `STEP@VERSION ... NAME=VALUE ...`: what follows the bundle on a step's command line. */
export function stepArguments(steps: string[], values: Record<string, string | number | boolean>): string {
    const { versions } = stepBundle();
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
    return [...words, ...named].join(" ");
}

/** The command line that runs `steps` from the bundle at `bundlePath`, in order, with `values`. */
export function stepCommand(bundlePath: pulumi.Input<string>, steps: string[], values: StepValues): pulumi.Output<string> {
    return pulumi.all([bundlePath, pulumi.all(values)]).apply(([bundle, v]) =>
        `bash ${shellQuote(bundle)} ${stepArguments(steps, v as Record<string, string | number | boolean>)}`);
}

/** Where the steps of a node run: its host's connection and its copy of the bundle there. */
export interface StepHost {
    readonly connection: Connection;
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
export function installBundle(name: string, connection: Connection, remotePath: pulumi.Output<string>,
    triggers: pulumi.Input<any>[], opts: pulumi.CustomResourceOptions): StepHost {
    const removal = new command.remote.Command(`${name}-removal`, {
        connection,
        delete: pulumi.interpolate`rm -f -- ${remotePath.apply(shellQuote)}`,
        addPreviousOutputInEnv: false,
        triggers: [remotePath],
    }, opts);
    const copy = new command.remote.CopyToRemote(name, {
        connection,
        source: new pulumi.asset.FileAsset(stepBundle().file),
        remotePath,
        triggers,
    }, { ...opts, dependsOn: [removal] });
    return { connection, bundlePath: remotePath, bundle: copy };
}

/** One file for lib.sh's install_files: name, octal mode, content; sent as `name mode base64` lines on stdin. */
export interface FileEntry {
    name: string;
    mode: string;
    content: pulumi.Input<string>;
}

export function fileBundle(entries: FileEntry[]): pulumi.Output<string> {
    return pulumi.output(entries).apply(es =>
        es.map(e => `${e.name} ${e.mode} ${Buffer.from(e.content, "utf8").toString("base64")}\n`).join(""));
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
    /** A change to any of these runs the step again (delete, then create). */
    readonly triggers?: pulumi.Input<any>[];
}

/** A remote step on `host`: one @pulumi/command Command, after the host's bundle is in place. */
export function remoteStep(name: string, host: StepHost, args: RemoteStepArgs, opts: pulumi.CustomResourceOptions): command.remote.Command {
    const dependsOn = [host.bundle, ...asArray(opts.dependsOn)];
    return new command.remote.Command(name, {
        connection: host.connection,
        create: stepCommand(host.bundlePath, args.run, args.values),
        delete: args.onDelete === undefined ? undefined : stepCommand(host.bundlePath, args.onDelete, args.deleteValues ?? args.values),
        stdin: args.stdin,
        triggers: args.triggers,
        addPreviousOutputInEnv: false,
    }, { ...opts, dependsOn });
}

/** The check of a HostProbe: the named probe step, or `missing` when the host has no bundle at all. */
export function probeCommand(bundlePath: pulumi.Output<string>, step: string, values: StepValues): pulumi.Output<string> {
    return pulumi.all([bundlePath, stepCommand(bundlePath, [step], values)]).apply(([bundle, run]) =>
        `if [ -f ${shellQuote(bundle)} ]; then ${run}; else echo missing; fi`);
}

function asArray(d: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource> | undefined): pulumi.Input<pulumi.Resource>[] {
    if (d === undefined) {
        return [];
    }
    return Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}
