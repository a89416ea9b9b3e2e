import { kubectl } from "../../cli/kubectl";
import { main } from "../../cli/report";

// The -a line of the real script's help text, too long for one line of this file.
const AUTH_HELP =
    "Authentication type from this domain to the host domain, must be one of 'MTLS', 'Token' or 'None', " +
    "default is 'MTLS'. If set to Token, you need to set the -t parameter.";
const USAGE = `join_to_host.sh SELF_DOMAIN_ID HOST_DOMAIN_ID HOST_ENDPOINT [OPTIONS]

SELF_DOMAIN_ID:
    self domain ID

HOST_DOMAIN_ID:
    host domain ID

HOST_ENDPOINT:
    host endpoint (ip:port)

OPTIONS:
    -h    Show this help text.
    -k    Allow insecure server connections when using SSL.
    -p    Interconnection protocol, default is 'kuscia'.
    -a    ${AUTH_HELP}
    -t    Token used for authentication.
    -x    transit domain name.`;

/** getopts 'p:a:t:x:k:i:h': every option but -h takes an argument, -k and -i included. */
const WITH_ARGUMENT = new Set(["p", "a", "t", "x", "k", "i"]);
const AUTH_TYPES = ["MTLS", "Token", "None"];

class Exit extends Error {
    constructor(
        readonly code: number,
        readonly stdout = "",
        readonly stderr = "",
    ) {
        super(stderr || stdout);
    }
}

/**
 * As Kuscia 1.1.0b0's scripts/deploy/join_to_host.sh: always the token template
 * (scripts/templates/cluster_domain_route.token.yaml), whatever -a, -k or -i say; the endpoint a URL
 * whose scheme sets isTLS (https only), whose port defaults to 443 (https) or 80, whose path is the
 * pathPrefix. The values are spliced into YAML with sed's `/` delimiter, so a `/` in them breaks sed.
 */
main(argv => {
    try {
        run(argv);
    } catch (e) {
        if (!(e instanceof Exit)) throw e;
        process.stdout.write(e.stdout);
        process.stderr.write(e.stderr);
        process.exitCode = e.code;
    }
});

function run(argv: string[]): void {
    // `shift 3` fails under set -e, without a word.
    if (argv.length < 3) throw new Exit(1);
    const [self, host, endpoint, ...rest] = argv;
    const opts = getopts(rest);
    const auth = opts.get("a") ?? "MTLS";
    if (auth === "Token" && !opts.get("t")) throw new Exit(1, `${USAGE}\n`, "missing argument -t {{token}}\n");
    if (opts.has("x")) throw new Exit(1, "", "kuscia-sim does not simulate transit routes (-x)\n");
    const u = parseEndpoint(endpoint);
    if (!u.host)
        throw new Exit(
            1,
            `${USAGE}\n`,
            `Check and confirm that the address '${endpoint}' is correct. Example: https://127.0.0.1:8080 \n`,
        );
    const values = [self, host, opts.get("p") ?? "kuscia", u.host, u.port, String(u.tls), opts.get("t") ?? ""];
    if (values.some(v => v.includes("/"))) throw new Exit(1, "", "sed: -e expression #1: unknown option to `s'\n");
    const yaml = [
        "apiVersion: kuscia.secretflow/v1alpha1",
        "kind: ClusterDomainRoute",
        "metadata:",
        `  name: ${self}-${host}`,
        "spec:",
        `  source: ${self}`,
        `  destination: ${host}`,
        `  interConnProtocol: ${values[2]}`,
        "  endpoint:",
        `    host: ${u.host}`,
        "    ports:",
        "      - name: http",
        "        protocol: HTTP",
        `        pathPrefix: ${u.path}`,
        `        isTLS: ${u.tls}`,
        `        port: ${u.port}`,
        "  authenticationType: Token",
        "  tokenConfig:",
        "    tokenGenMethod: RSA-GEN",
        "    rollingUpdatePeriod: 86400",
        "  requestHeadersToAdd:",
        `    Authorization: Bearer ${values[6]}`,
    ];
    kubectl(["apply", "-f", "-"], yaml.join("\n") + "\n");
}

function getopts(args: string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === "--") break;
        if (!a.startsWith("-") || a === "-") break;
        for (let j = 1; j < a.length; j++) {
            const c = a[j];
            if (c === "h") throw new Exit(0, `${USAGE}\n`);
            if (!WITH_ARGUMENT.has(c))
                throw new Exit(1, "", `join_to_host.sh: illegal option -- ${c}\nillegal option: -\n`);
            let value = a.slice(j + 1);
            if (!value) {
                if (i + 1 >= args.length)
                    throw new Exit(1, "", `join_to_host.sh: option requires an argument -- ${c}\nillegal option: -\n`);
                value = args[++i];
            }
            // An illegal -a prints the usage and exits with the status of that echo: 0, nothing applied.
            if (c === "a" && !AUTH_TYPES.includes(value)) throw new Exit(0, `${USAGE}\n`, "illegal value for -a\n");
            out.set(c, value);
            break;
        }
    }
    return out;
}

/** The script's join_to_host(): bash parameter expansion, step by step. */
export function parseEndpoint(endpoint: string): { host: string; port: string; path: string; tls: boolean } {
    let host = endpoint;
    let port = "80";
    let path = "/";
    let tls = false;
    if (endpoint.includes("://")) {
        const hostAndPath = endpoint.slice(endpoint.lastIndexOf("://") + 3);
        host = hostAndPath.split("/")[0];
        if (hostAndPath.includes("/")) path = "/" + hostAndPath.slice(hostAndPath.indexOf("/") + 1);
        tls = endpoint.slice(0, endpoint.indexOf("://")) === "https";
    }
    if (host.includes(":")) {
        port = host.slice(host.lastIndexOf(":") + 1);
        host = host.slice(0, host.indexOf(":"));
    } else if (tls) {
        port = "443";
    }
    return { host, port, path, tls };
}
