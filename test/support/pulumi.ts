// Runs the real `pulumi` CLI (on PATH from .toolchain/env) against a local file backend: one
// command at a time, output captured and logged, exit status returned, `--json` output parsed.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface PulumiRun {
    /** The command line after `pulumi`, for messages. */
    command: string;
    status: number;
    stdout: string;
    stderr: string;
    seconds: number;
    /** Where stdout and stderr were written. */
    log: string;
}

/** Where every pulumi command's output goes: E2E_LOG_DIR (run.sh sets it) or a new temp dir. */
const logDir = process.env.E2E_LOG_DIR || fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-kuscia-e2e-logs-"));
fs.mkdirSync(logDir, { recursive: true });
let runs = 0;

/** A `file://` backend in its own temp dir, with the passphrase that encrypts its stacks' secrets. */
export class FileBackend {
    readonly dir: string;

    constructor(name: string) {
        this.dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `pulumi-kuscia-e2e-${name}-`));
    }

    get env(): NodeJS.ProcessEnv {
        return {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${this.dir}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            // The library's local files (the docker provider's SSH key files), per backend.
            PULUMI_KUSCIA_CACHE: path.join(this.dir, "cache"),
        };
    }

    /** The docker provider's SSH key files the library holds for this backend's stacks. */
    sshKeyFiles(): string[] {
        const dir = path.join(this.dir, "cache", "ssh");
        return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
    }

    remove(): void {
        if (process.env.E2E_KEEP_BACKENDS !== "1") fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/**
 * `pulumi install` in a program directory on `backend`: the SDK generated from the provider's schema and the
 * language's dependencies (a Python program's virtual environment, a Go program's modules).
 */
export function pulumiInstall(program: string, backend: FileBackend): void {
    execFileSync("pulumi", ["install", "--non-interactive"], {
        cwd: program,
        env: backend.env,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 10 * 60_000,
    });
}

/** The last lines of a run's output, for assertion messages. */
export function tail(run: PulumiRun, lines = 40): string {
    const text = `${run.stdout}\n${run.stderr}`.trimEnd().split("\n");
    return (
        `pulumi ${run.command} exited ${run.status} after ${run.seconds}s (full log: ${run.log}):\n` +
        `${text.slice(-lines).join("\n")}`
    );
}

/** Throws with the output's tail unless the run exited 0. */
export function ok(run: PulumiRun): PulumiRun {
    if (run.status !== 0) throw new Error(tail(run));
    return run;
}

/** One stack of one program directory on one backend. */
export class Stack {
    readonly project: string;

    /**
     * `configFrom`: a stack config file the stack starts from, as `pulumi stack init alice` starts from a
     * committed `Pulumi.alice.yaml`: `init()` copies it to this stack's own config file before `stack init`.
     */
    constructor(
        readonly backend: FileBackend,
        readonly programDir: string,
        readonly name: string,
        readonly configFrom?: string,
    ) {
        const m = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8"));
        if (!m) throw new Error(`${programDir}/Pulumi.yaml has no name`);
        this.project = m[1];
        if (configFrom !== undefined && path.resolve(configFrom) === path.resolve(this.configFile)) {
            // init() and remove() delete the stack's own config file: never a committed one.
            throw new Error(
                `stack ${name} would write and remove ${configFrom} itself: ` +
                    "give the test's stack a name of its own",
            );
        }
    }

    /** How a StackReference names this stack on a file backend. */
    get qualifiedName(): string {
        return `organization/${this.project}/${this.name}`;
    }

    /** The stack's config file, written into the program directory by `stack init` and `config set`. */
    get configFile(): string {
        return path.join(this.programDir, `Pulumi.${this.name}.yaml`);
    }

    /**
     * `pulumi ARGS --cwd <program> --stack <name> --non-interactive`; never throws on a non-zero exit.
     * With `interruptWhen`, the run gets SIGINT, as from Ctrl-C in its terminal (the whole process
     * group), once its output matches. `onStdout` sees each chunk of stdout as it arrives.
     */
    run(
        args: string[],
        timeoutMs = 25 * 60_000,
        interruptWhen?: RegExp,
        onStdout?: (chunk: string) => void,
    ): Promise<PulumiRun> {
        const flags = ["--cwd", this.programDir, "--stack", this.name, "--non-interactive", "--color", "never"];
        const end = args.includes("--") ? args.indexOf("--") : args.length;
        const full = [...args.slice(0, end), ...flags, ...args.slice(end)];
        return pulumi(
            full,
            this.backend.env,
            `${this.project}-${this.name}-${args.slice(0, 2).join("-")}`,
            timeoutMs,
            interruptWhen,
            onStdout,
        );
    }

    /** Creates the stack, dropping a config file an interrupted earlier run left; its config from `configFrom`. */
    async init(): Promise<void> {
        fs.rmSync(this.configFile, { force: true });
        if (this.configFrom !== undefined) fs.copyFileSync(this.configFrom, this.configFile);
        ok(
            await pulumi(
                ["stack", "init", this.name, "--cwd", this.programDir, "--non-interactive"],
                this.backend.env,
                `${this.project}-${this.name}-init`,
            ),
        );
    }

    /** Sets config values; objects are stored as JSON (what Config.requireObject reads). */
    async setConfig(values: Record<string, string | number | boolean | object>): Promise<void> {
        for (const [key, value] of Object.entries(values)) {
            ok(
                await this.run([
                    "config",
                    "set",
                    key,
                    "--",
                    typeof value === "object" ? JSON.stringify(value) : String(value),
                ]),
            );
        }
    }

    /** Removes config keys. */
    async removeConfig(...keys: string[]): Promise<void> {
        for (const key of keys) ok(await this.run(["config", "rm", key]));
    }

    up(): Promise<PulumiRun> {
        return this.run(["up", "--yes"]);
    }

    /** `preview --expect-no-changes --diff`: exit 0 only when nothing would change. */
    previewExpectingNoChanges(): Promise<PulumiRun> {
        return this.run(["preview", "--expect-no-changes", "--diff"]);
    }

    destroy(): Promise<PulumiRun> {
        return this.run(["destroy", "--yes"]);
    }

    /** The stack's outputs (`stack output --json`); secrets in plain text with showSecrets. */
    async outputs(showSecrets = false): Promise<Record<string, any>> {
        return JSON.parse(
            ok(await this.run(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])])).stdout,
        );
    }

    /** One output as `pulumi stack output NAME --json` prints it (the text a partner is sent). */
    async outputJson(name: string): Promise<string> {
        return ok(await this.run(["stack", "output", name, "--json"])).stdout;
    }

    /** The state as `stack export --show-secrets` prints it. */
    async exportWithSecrets(): Promise<string> {
        return ok(await this.run(["stack", "export", "--show-secrets"])).stdout;
    }

    /** Removes the stack from the backend (even with resources left) and its config file. */
    async remove(): Promise<void> {
        await this.run(["stack", "rm", "--yes", "--force"]);
        fs.rmSync(this.configFile, { force: true });
    }
}

function pulumi(
    args: string[],
    env: NodeJS.ProcessEnv,
    label: string,
    timeoutMs = 5 * 60_000,
    interruptWhen?: RegExp,
    onStdout?: (chunk: string) => void,
): Promise<PulumiRun> {
    const log = path.join(logDir, `${String(++runs).padStart(3, "0")}-${label.replace(/[^A-Za-z0-9_.-]/g, "_")}.log`);
    const command = args.join(" ");
    const started = Date.now();
    return new Promise(resolve => {
        const child = spawn("pulumi", args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        let stdout = "";
        let stderr = "";
        let interrupted = false;
        child.stdout.on("data", d => {
            stdout += d;
            onStdout?.(String(d));
            if (interruptWhen && !interrupted && interruptWhen.test(stdout)) {
                interrupted = true;
                stderr += "\n[e2e] SIGINT sent";
                process.kill(-child.pid!, "SIGINT");
            }
        });
        child.stderr.on("data", d => (stderr += d));
        const timer = setTimeout(() => {
            stderr += `\n[e2e] pulumi ${command} killed after ${timeoutMs / 1000}s`;
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                // already gone
            }
        }, timeoutMs);
        let finished = false;
        const finish = (status: number) => {
            if (finished) return;
            finished = true;
            clearTimeout(timer);
            const seconds = Math.round((Date.now() - started) / 100) / 10;
            fs.writeFileSync(
                log,
                `$ pulumi ${command}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\n--- exit ${status} after ${seconds}s\n`,
            );
            process.stderr.write(`[e2e] ${seconds}s exit ${status}: pulumi ${command}\n`);
            resolve({ command, status, stdout, stderr, seconds, log });
        };
        child.on("error", e => {
            stderr += String(e);
            finish(-1);
        });
        child.on("close", code => finish(code ?? -1));
    });
}
