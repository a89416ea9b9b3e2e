import * as crypto from "crypto";
import * as fs from "fs";
import { parseRsaPrivateKey } from "./keys";

/** `kuscia init`'s flags (cmd/kuscia/kusciainit/init.go). */
export interface InitFlags {
    readonly mode: string;
    readonly domainId: string;
    readonly runtime: string;
    readonly domainKeyFile: string;
    readonly logLevel: string;
    readonly protocol: string;
    readonly datastoreEndpoint: string;
    readonly enableWorkloadApprove: boolean;
}

const K3S_REGEX = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;
const RUNTIMES = ["runc", "runk", "runp"];
const PROTOCOLS = ["", "NOTLS", "TLS", "MTLS"];

/** init.go validateConfig, after its `master` check; the message is what nlog.Fatalf prints. */
export function initProblem(f: InitFlags): string | undefined {
    if (f.domainId === "master") return "Input domain id can't be 'master', please choose another name";
    if (f.domainId.length === 0) return "Invalid config, err: invalid domain: empty not allowed";
    if (!K3S_REGEX.test(f.domainId)) {
        return `Invalid config, err: invalid domain: must conform to a regular expression \`${K3S_REGEX.source}\``;
    }
    const mode = f.mode.toLowerCase();
    if (mode !== "master" && !RUNTIMES.includes(f.runtime))
        return `Invalid config, err: unsupported runtime: ${f.runtime}`;
    if (!PROTOCOLS.includes(f.protocol.toUpperCase()))
        return `Invalid config, err: unsupported protocol: ${f.protocol}`;
    if (!["master", "lite", "autonomy"].includes(mode)) return `Unsupported mode: ${mode}`;
    if (mode !== "autonomy") return `kuscia-sim simulates autonomy nodes only (mode ${mode})`;
    return undefined;
}

/**
 * domainKeyData: with -f, base64 of the file as it is (PKCS#1 or PKCS#8, checked to parse); else
 * base64 of a new 2048-bit key as PKCS#1 PEM (pkg/utils/tls/crypt.go LoadKeyData, GenerateKeyData).
 */
export function domainKeyData(keyFile: string): string {
    if (keyFile) {
        const pem = fs.readFileSync(keyFile);
        parseRsaPrivateKey(pem);
        return pem.toString("base64");
    }
    const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    return Buffer.from(privateKey.export({ type: "pkcs1", format: "pem" }).toString()).toString("base64");
}

/**
 * The autonomy config as `kuscia init` prints it: confloader.AutonomyKusciaConfig through yaml.v3
 * (field order of the structs, four-space indents, `protocol` and the advanced keys left out when
 * empty), then fmt.Println's extra newline.
 */
export function autonomyYaml(f: InitFlags, keyData: string): string {
    const lines = [
        `mode: ${scalar(f.mode)}`,
        `domainID: ${scalar(f.domainId)}`,
        `domainKeyData: ${scalar(keyData)}`,
        `logLevel: ${scalar(f.logLevel)}`,
        ...(f.protocol ? [`protocol: ${scalar(f.protocol)}`] : []),
        `runtime: ${scalar(f.runtime)}`,
        "runk:",
        ...indent([
            'namespace: ""',
            "dnsServers: []",
            'kubeconfigFile: ""',
            "enableLogging: false",
            'logDirectory: ""',
            "logMaxFiles: 0",
            'logMaxSize: ""',
        ]),
        "capacity:",
        ...indent(['cpu: ""', 'memory: ""', 'bandwidth: ""', 'pods: ""', 'storage: ""', 'ephemeralStorage: ""']),
        "reservedResources:",
        ...indent(['cpu: ""', 'memory: ""', 'bandwidth: ""']),
        "image:",
        ...indent(['pullPolicy: ""', 'defaultRegistry: ""', "registries: []", 'httpProxy: ""']),
        `datastoreEndpoint: ${scalar(f.datastoreEndpoint)}`,
        ...(f.enableWorkloadApprove ? ["enableWorkloadApprove: true"] : []),
    ];
    return lines.join("\n") + "\n\n";
}

function indent(lines: string[]): string[] {
    return lines.map(l => `    ${l}`);
}

/** A string as yaml.v3 writes it: plain when that reads back as the same string, else double-quoted. */
function scalar(s: string): string {
    const plain = /^[A-Za-z_/][A-Za-z0-9_./+=-]*$/.test(s) && !/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s);
    return plain ? s : JSON.stringify(s);
}
