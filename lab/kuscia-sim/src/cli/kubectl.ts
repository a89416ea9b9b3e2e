import { run } from "../kubectl/main";

/** Runs the node's kubectl in-process, echoing its output; throws when it fails. */
export function kubectl(args: string[], stdin = ""): string {
    let out = "";
    let err = "";
    const code = run(args, { out: t => (out += t), err: t => (err += t), readStdin: () => stdin });
    process.stdout.write(out);
    if (code !== 0) throw new Error(err.trim() || `kubectl ${args.join(" ")} failed`);
    process.stderr.write(err);
    return out;
}

export function applyObject(obj: unknown): string {
    return kubectl(["apply", "-f", "-"], JSON.stringify(obj));
}
