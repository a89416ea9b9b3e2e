/** A flag as pflag declares it: long name, optional shorthand, whether it takes a value. */
export interface FlagSpec {
    readonly long: string;
    readonly short?: string;
    readonly bool?: boolean;
}

/** Parses `--long v`, `--long=v`, `-s v`, `-sv`, `-s=v` and bare booleans, as pflag does; throws pflag's messages. */
export function parseFlags(argv: string[], specs: readonly FlagSpec[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        let spec: FlagSpec | undefined;
        let inline: string | undefined;
        if (a.startsWith("--")) {
            const [name, ...rest] = a.slice(2).split("=");
            spec = specs.find(s => s.long === name);
            if (!spec) throw new Error(`unknown flag: --${name}`);
            inline = rest.length ? rest.join("=") : undefined;
        } else if (a.startsWith("-") && a.length > 1) {
            spec = specs.find(s => s.short === a[1]);
            if (!spec) throw new Error(`unknown shorthand flag: '${a[1]}' in ${a}`);
            inline = a.length > 2 ? a.slice(2).replace(/^=/, "") : undefined;
        } else {
            continue;
        }
        if (spec.bool) {
            out.set(spec.long, inline ?? "true");
            continue;
        }
        if (inline === undefined) {
            if (i + 1 >= argv.length)
                throw new Error(`flag needs an argument: ${a.startsWith("--") ? a : `'${a[1]}' in ${a}`}`);
            inline = argv[++i];
        }
        out.set(spec.long, inline);
    }
    return out;
}
