import * as fs from "fs";
import { storeDir } from "../common/env";
import { Store } from "../store/store";
import { annotate, label } from "./metadata-edit";
import { apply } from "./apply";
import { parseArgs } from "./args";
import { del } from "./delete";
import { KubectlError } from "./errors";
import { get } from "./get";
import { Io } from "./io";

/** Runs one kubectl command against the node's store; returns the exit code. */
export function run(argv: string[], io: Io, store = new Store(storeDir())): number {
    try {
        const args = parseArgs(argv);
        switch (args.verb) {
            case "get":
                return get(store, args, io);
            case "apply":
                return apply(store, args, io);
            case "delete":
                return del(store, args, io);
            case "annotate":
                return annotate(store, args, io);
            case "label":
                return label(store, args, io);
            case undefined:
                throw new KubectlError("kuscia-sim kubectl: get, apply, delete, annotate, label");
            default:
                throw new KubectlError(`error: unknown command "${args.verb}" for "kubectl"`);
        }
    } catch (e: any) {
        if (e instanceof KubectlError) {
            io.err(e.message + "\n");
            return e.code;
        }
        io.err(`error: ${e?.message ?? e}\n`);
        return 1;
    }
}

if (require.main === module) {
    let out = "";
    let err = "";
    const code = run(process.argv.slice(2), {
        out: t => (out += t),
        err: t => (err += t),
        readStdin: () => fs.readFileSync(0, "utf8"),
    });
    process.stdout.write(out);
    process.stderr.write(err);
    process.exitCode = code;
}
