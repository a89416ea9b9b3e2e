/** Runs a CLI body, printing its error (not a stack) and exiting 1 when it throws. */
export function main(body: (argv: string[]) => void | Promise<void>): void {
    Promise.resolve()
        .then(() => body(process.argv.slice(2)))
        .catch((e: any) => {
            process.stderr.write(`${e?.message ?? e}\n`);
            process.exitCode = 1;
        });
}

export function log(line: string): void {
    process.stdout.write(line + "\n");
}
