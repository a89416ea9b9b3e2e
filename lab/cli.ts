import { maxHosts } from "./config";
import { down, up } from "./lifecycle";
import { status } from "./status";

const usage = "usage: npm run lab -- up [N] | status | down";

async function main(argv: string[]): Promise<number> {
    const [command, arg, ...rest] = argv;
    if (command === "up" && rest.length === 0) {
        const n = arg === undefined ? 2 : Number(arg);
        if (!Number.isInteger(n) || n < 1 || n > maxHosts)
            throw new Error(`N must be an integer from 1 to ${maxHosts}, got '${arg}'`);
        await up(n);
        return (await status()) ? 0 : 1;
    }
    if (command === "status" && arg === undefined) return (await status()) ? 0 : 1;
    if (command === "down" && arg === undefined) {
        await down();
        return 0;
    }
    console.error(usage);
    return 2;
}

main(process.argv.slice(2)).then(
    code => process.exit(code),
    err => {
        console.error(`lab: ${err instanceof Error ? err.message : err}`);
        process.exit(1);
    },
);
