import { exitOnFailure } from "../../daemon/lifecycle";
import { autonomyYaml, domainKeyData, InitFlags, initProblem } from "../init-config";
import { FlagSpec, parseFlags } from "./flags";
import { image } from "./image";

/**
 * bin/kuscia of Kuscia 1.1.0b0, as far as an autonomy node uses it: `init`, `start` and `image load|list` (cmd/kuscia).
 */

const INIT_FLAGS: FlagSpec[] = [
    { long: "mode" },
    { long: "domain", short: "d" },
    { long: "runtime", short: "r" },
    { long: "domain-key-file", short: "f" },
    { long: "log-level", short: "l" },
    { long: "lite-deploy-token", short: "t" },
    { long: "master-endpoint", short: "m" },
    { long: "datastore-endpoint", short: "e" },
    { long: "protocol", short: "p" },
    { long: "enable-workload-approve", bool: true },
];
const START_FLAGS: FlagSpec[] = [{ long: "conf", short: "c" }];

function fail(message: string, code = 1): never {
    process.stderr.write(`${message}\n`);
    process.exit(code);
}

function init(argv: string[]): void {
    const v = parseFlags(argv, INIT_FLAGS);
    const flags: InitFlags = {
        mode: v.get("mode") ?? "",
        domainId: v.get("domain") ?? "",
        runtime: v.get("runtime") ?? "runc",
        domainKeyFile: v.get("domain-key-file") ?? "",
        logLevel: v.get("log-level") ?? "INFO",
        protocol: v.get("protocol") ?? "",
        datastoreEndpoint: v.get("datastore-endpoint") ?? "",
        enableWorkloadApprove: v.get("enable-workload-approve") === "true",
    };
    const problem = initProblem(flags);
    if (problem) fail(problem);
    let keyData: string;
    try {
        keyData = domainKeyData(flags.domainKeyFile);
    } catch (e: any) {
        fail(`Init kuscia config err: ${e.message}`);
    }
    process.stdout.write(autonomyYaml(flags, keyData));
}

async function start(argv: string[]): Promise<void> {
    const v = parseFlags(argv, START_FLAGS);
    const { startNode } = await import("../daemon/main");
    await startNode(v.get("conf") ?? "etc/conf/kuscia.yaml");
}

const [command, ...rest] = process.argv.slice(2);
try {
    if (command === "init") init(rest);
    else if (command === "image") image(rest);
    else if (command === "start") {
        exitOnFailure(start(rest));
    } else fail(`Error: unknown command "${command ?? ""}" for "kuscia"\nRun 'kuscia --help' for usage.`);
} catch (e: any) {
    fail(`Error: ${e.message}`);
}
