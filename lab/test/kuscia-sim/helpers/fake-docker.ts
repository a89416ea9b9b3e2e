import * as fs from "fs";
import * as path from "path";
import { Result, run } from "./run";
import { Generation } from "./stage";

/**
 * Puts the generation's recording stand-in for the docker CLI into `bin` as `docker`: fake-docker-v03.sh
 * (what deploy.sh calls) or fake-docker-v11.sh (kuscia.sh), with fake-docker-common.sh beside it.
 */
export function installFakeDocker(bin: string, generation: Generation): void {
    fs.mkdirSync(bin, { recursive: true });
    const script = `fake-docker-v${generation.replace(".", "")}.sh`;
    fs.copyFileSync(path.join(__dirname, script), path.join(bin, "docker"));
    fs.chmodSync(path.join(bin, "docker"), 0o755);
    fs.copyFileSync(path.join(__dirname, "fake-docker-common.sh"), path.join(bin, "fake-docker-common.sh"));
}

/** The docker calls the stand-in recorded in `log`, each the list of its arguments. */
export function dockerCalls(log: string): string[][] {
    return fs
        .readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map(l => JSON.parse(l));
}

/**
 * Runs a host-side script (deploy.sh, kuscia.sh) as an operator does, in a terminal (script(1) gives it
 * one) unless `tty` is false. The terminal merges stderr into stdout.
 */
export function runAsOperator(
    command: string[],
    tty: boolean,
    opts: { env: NodeJS.ProcessEnv; cwd: string; input?: string; timeoutMs?: number },
): Promise<Result> {
    if (!tty) return run(command[0], command.slice(1), opts);
    return run("script", ["-qec", command.map(a => `'${a}'`).join(" "), "/dev/null"], opts);
}
