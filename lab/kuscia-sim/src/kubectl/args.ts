import { KubectlError } from "./errors";

export interface Args {
    readonly verb: string | undefined;
    readonly positional: string[];
    readonly namespace: string | undefined;
    readonly allNamespaces: boolean;
    readonly output: string | undefined;
    readonly filename: string | undefined;
    readonly ignoreNotFound: boolean;
    readonly overwrite: boolean;
}

const VALUE_FLAGS: Record<string, string> = {
    "-n": "namespace",
    "--namespace": "namespace",
    "-o": "output",
    "--output": "output",
    "-f": "filename",
    "--filename": "filename",
    "--kubeconfig": "ignored",
    "--context": "ignored",
    "--request-timeout": "ignored",
    "--field-manager": "ignored",
    "--duration": "ignored",
    "-v": "ignored",
    "--v": "ignored",
};

const BOOL_FLAGS: Record<string, string> = {
    "-A": "allNamespaces",
    "--all-namespaces": "allNamespaces",
    "--ignore-not-found": "ignoreNotFound",
    "--overwrite": "overwrite",
    "--server-side": "ignored",
    "--force-conflicts": "ignored",
    "--wait": "ignored",
};

/** Parses kubectl's flags in the forms `-n x`, `-nx`, `-n=x`, `--namespace x`, `--namespace=x`, `--flag=true|false`. */
export function parseArgs(argv: string[]): Args {
    const values: Record<string, string> = {};
    const bools: Record<string, boolean> = {};
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--") {
            positional.push(...argv.slice(i + 1));
            break;
        }
        if (!a.startsWith("-") || a === "-") {
            positional.push(a);
            continue;
        }
        const eq = a.indexOf("=");
        const flag = eq > 0 ? a.slice(0, eq) : a;
        const inline = eq > 0 ? a.slice(eq + 1) : undefined;
        if (flag in BOOL_FLAGS) {
            bools[BOOL_FLAGS[flag]] = inline === undefined ? true : inline === "true";
            continue;
        }
        let name = VALUE_FLAGS[flag];
        let value = inline;
        if (!name && /^-[nof].+/.test(a)) {
            name = VALUE_FLAGS[a.slice(0, 2)];
            value = a.slice(2).replace(/^=/, "");
        }
        if (!name) throw new KubectlError(`error: unknown flag: ${flag}\nSee 'kubectl --help' for usage.`);
        if (value === undefined) {
            if (i + 1 >= argv.length) throw new KubectlError(`error: flag needs an argument: ${flag}`);
            value = argv[++i];
        }
        values[name] = value;
    }
    return {
        verb: positional.shift(),
        positional,
        namespace: values.namespace,
        allNamespaces: !!bools.allNamespaces,
        output: values.output,
        filename: values.filename,
        ignoreNotFound: !!bools.ignoreNotFound,
        overwrite: !!bools.overwrite,
    };
}
