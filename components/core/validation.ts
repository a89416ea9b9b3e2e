/**
 * Domain ids that work: RFC 1123 labels. Kuscia's own check (K3sRegex) also lets dots through, but
 * Kuscia makes a Kubernetes namespace of every domain id, and Kubernetes refuses such a namespace.
 */
export const domainIdPattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Names Kuscia reserves for its own namespaces. */
export const reservedDomainIds = ["default", "kube-system", "kube-public", "kube-node-lease", "master", "cross-domain"];

/** Thrown for input that must be fixed before any host is touched. */
export class KusciaValidationError extends Error {
    constructor(public readonly problems: string[]) {
        super(problems.length === 1 ? problems[0] : `invalid input:\n- ${problems.join("\n- ")}`);
        this.name = "KusciaValidationError";
    }
}

/** Throws a KusciaValidationError listing every problem, if there are any. */
export function throwIfProblems(problems: string[]): void {
    if (problems.length > 0) {
        throw new KusciaValidationError(problems);
    }
}

/** A value as a message shows it: numbers as they are, anything else as JSON (so that "18081" reads as a string). */
export function shown(value: unknown): string {
    return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** The problem of a value that is not a string, or none; `what` says what the string must be. */
function notAString(field: string, value: unknown, what: string): string[] {
    if (value === undefined || value === null) {
        return [`${field} is required`];
    }
    return typeof value === "string" ? [] : [`${field} must be a string (${what}), got ${shown(value)}`];
}

export function domainIdProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "a domain id");
    if (type.length > 0) {
        return type;
    }
    if (!domainIdPattern.test(value as string)) {
        return [
            `${field} '${value}' must match ${domainIdPattern.source}: Kuscia makes a Kubernetes namespace of every domain id, ` +
                "and a namespace name must be an RFC 1123 label (lower-case letters, digits and '-', at most 63 characters, no dots)",
        ];
    }
    if (reservedDomainIds.includes(value as string)) {
        return [`${field} '${value}' is reserved by Kuscia (reserved: ${reservedDomainIds.join(", ")})`];
    }
    return [];
}

export function portProblems(field: string, value: unknown): string[] {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
        return [`${field} ${shown(value)} must be an integer from 1 to 65535`];
    }
    return [];
}

const ipv4Pattern = /^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/;
/** A DNS name per RFC 1123: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
const dnsNamePattern =
    /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function hostIpProblems(field: string, value: unknown): string[] {
    if (typeof value !== "string" || !ipv4Pattern.test(value)) {
        return [
            `${field} '${typeof value === "string" ? value : shown(value)}' must be an IPv4 address (it goes into the gateway certificate as an IP SAN; Kuscia 0.3's join_to_host.sh cuts HOST:PORT at the first colon, so IPv6 cannot work)`,
        ];
    }
    return [];
}

/** The one rule for a gateway endpoint, own or a partner's: an IPv4 address or a DNS name, a colon, a port. */
export function endpointProblems(field: string, value: unknown): string[] {
    const m = typeof value === "string" ? /^([^:]*):([0-9]{1,5})$/.exec(value) : null;
    const port = m ? Number(m[2]) : 0;
    if (!m || !(ipv4Pattern.test(m[1]) || dnsNamePattern.test(m[1])) || port < 1 || port > 65535) {
        return [`${field} must be HOST:PORT, HOST an IPv4 address or a DNS name (RFC 1123) and PORT from 1 to 65535`];
    }
    return [];
}

/**
 * A Kuscia 1.1 address: an IPv4 address or a DNS name (join_to_host.sh cuts HOST:PORT at the first colon, so no IPv6).
 */
export function hostAddressProblems(field: string, value: unknown): string[] {
    if (typeof value !== "string" || !(ipv4Pattern.test(value) || dnsNamePattern.test(value))) {
        return [
            `${field} '${typeof value === "string" ? value : shown(value)}' must be an IPv4 address or a DNS name (RFC 1123); ` +
                "join_to_host.sh cuts HOST:PORT at the first colon, so IPv6 cannot work",
        ];
    }
    return [];
}

/**
 * A path prefix of a gateway behind a 7-layer proxy: `/` and segments of URL-safe characters (nothing a shell or sed
 * reads as code).
 */
export function gatewayPathProblems(field: string, value: unknown): string[] {
    if (
        typeof value !== "string" ||
        !/^(\/[A-Za-z0-9._~-]+)+\/?$/.test(value) ||
        value.split("/").some(s => s === "." || s === "..")
    ) {
        return [
            `${field} must be a path like /kuscia/: segments of letters, digits, '.', '_', '~' and '-', no '.' or '..' segment`,
        ];
    }
    return [];
}

/** Where partners reach a node's gateway when it is not hostIp:gatewayPort (a NAT, a load balancer, a proxy). */
export interface PublicEndpoint {
    /** HOST:PORT, what the handshake's endpoint says. */
    endpoint: string;
    /** Given with a URL (Kuscia 1.1): the scheme partners use. */
    scheme?: "http" | "https";
    /** Given with a URL (Kuscia 1.1): the proxy's path prefix, e.g. "/kuscia/". */
    path?: string;
}

/**
 * A node's public endpoint: HOST:PORT, or with `urls` (Kuscia 1.1, whose join_to_host.sh takes a
 * URL) also `scheme://host[:port][/path]`, the port by default the scheme's (443, 80).
 */
export function parsePublicEndpoint(
    field: string,
    value: unknown,
    urls: boolean,
): { endpoint?: PublicEndpoint; problems: string[] } {
    const m = typeof value === "string" ? /^(https?):\/\/([^:/]*)(?::([0-9]{1,5}))?(\/.*)?$/.exec(value) : null;
    if (m === null) {
        const problems = endpointProblems(field, value).map(p =>
            urls ? `${p}, or a URL scheme://HOST[:PORT][/PATH] (http or https)` : p,
        );
        return problems.length > 0 ? { problems } : { endpoint: { endpoint: value as string }, problems };
    }
    if (!urls) {
        return {
            problems: [
                `${field} must be HOST:PORT: Kuscia 0.3's join_to_host.sh takes no scheme or path (the route is TLS to HOST:PORT)`,
            ],
        };
    }
    const [, scheme, host, port, path] = m;
    const endpoint = `${host}:${port ?? (scheme === "https" ? 443 : 80)}`;
    const problems = [
        ...endpointProblems(field, endpoint),
        ...(path === undefined || path === "/" ? [] : gatewayPathProblems(`${field}'s path`, path)),
    ];
    return problems.length > 0
        ? { problems }
        : {
              endpoint: {
                  endpoint,
                  scheme: scheme as "http" | "https",
                  ...(path === undefined || path === "/" ? {} : { path }),
              },
              problems,
          };
}

/** Seconds to wait for something: a whole number from 1 to 86400. */
/** A KusciaJob's name: a DNS subdomain name (Kubernetes' rule for an object's name). */
const dnsSubdomain = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/;

export function jobIdProblems(field: string, value: string): string[] {
    return dnsSubdomain.test(value)
        ? []
        : [`${field} '${value}' must be a DNS subdomain name (${dnsSubdomain.source})`];
}

export function secondsProblems(field: string, value: unknown): string[] {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 86400) {
        return [`${field} ${shown(value)} must be a whole number of seconds from 1 to 86400`];
    }
    return [];
}

export function memoryProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "a docker memory size");
    if (type.length > 0) {
        return type;
    }
    if (!/^[1-9][0-9]*([kmgKMG]i?[bB]?|[bB])?$/.test(value as string)) {
        return [`${field} '${value}' must be a docker memory size such as 6G, 6GiB, 512M or 1073741824`];
    }
    return [];
}

export function containerNameProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "a docker container name");
    if (type.length > 0) {
        return type;
    }
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(value as string)) {
        return [`${field} '${value}' must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a docker container name)`];
    }
    return [];
}

/** Docker's rule for a network name, as for a container name. */
export function networkNameProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "a docker network name");
    if (type.length > 0) {
        return type;
    }
    return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(value as string)
        ? []
        : [`${field} '${value}' must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a docker network name)`];
}

const repoComponent = "[a-z0-9]+(?:[._-]+[a-z0-9]+)*";
const imageReferencePattern = new RegExp(
    `^((?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?${repoComponent}(?:/${repoComponent})*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$`,
);

/**
 * REPO and TAG of an image reference `REPO:TAG` (REPO as docker names repositories, a registry port allowed); undefined
 * otherwise.
 */
export function imageReference(value: string): { repo: string; tag: string } | undefined {
    const m = imageReferencePattern.exec(value);
    return m ? { repo: m[1], tag: m[2] } : undefined;
}

export function imageReferenceProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "REPO:TAG");
    if (type.length > 0) {
        return type;
    }
    if (imageReference(value as string) === undefined) {
        return [`${field} '${value}' must be an image reference with a tag, REPO:TAG`];
    }
    return [];
}

/** The node's image: REPO:TAG, or REPO@sha256:DIGEST (what docker pulls and runs). */
export function nodeImageProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "REPO:TAG or REPO@sha256:DIGEST");
    if (type.length > 0) {
        return type;
    }
    const digest = /^(.+)@sha256:[0-9a-f]{64}$/.exec(value as string);
    const tagged = digest ? `${digest[1]}:digest` : (value as string);
    if (imageReference(tagged) === undefined) {
        return [`${field} '${value}' must be an image reference REPO:TAG or REPO@sha256:DIGEST`];
    }
    return [];
}

/** A boolean argument given as anything else (say the string "false", which JavaScript reads as true). */
export function booleanProblems(field: string, value: unknown): string[] {
    return typeof value === "boolean" ? [] : [`${field} must be true or false, got ${shown(value)}`];
}

/** A host directory the node's container binds: docker's -v splits at ':' and ',', so only plain path characters. */
export function absolutePathProblems(field: string, value: unknown): string[] {
    const type = notAString(field, value, "an absolute path");
    if (type.length > 0) {
        return type;
    }
    if (!/^(\/[A-Za-z0-9._-]+)+\/*$/.test(value as string) || (value as string).split("/").includes("..")) {
        return [
            `${field} '${value}' must be an absolute path of letters, digits, '.', '_' and '-' (no '..'), other than '/'`,
        ];
    }
    return [];
}

/**
 * What the components know of a connection before touching a host: its plain fields, and which fields are given at all.
 */
export interface ConnectionFacts {
    host?: string;
    /** The port as given when plain (any type), undefined when absent or computed. */
    port?: unknown;
    user?: string;
    /** The private key when plain: an empty one logs in nowhere. */
    privateKey?: string;
    /** The pinned host key when plain. */
    hostKey?: string;
    hasHostKey: boolean;
    hasPrivateKey: boolean;
    hasPassword: boolean;
    /** The jump host's facts, when the connection goes through one. */
    proxy?: ConnectionFacts;
}

const hostKeyPattern =
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( .*)?$/;

export function hostKeyProblems(field: string, value: string): string[] {
    return hostKeyPattern.test(value.trim())
        ? []
        : [
              `${field} must be a public key as in known_hosts or authorized_keys: TYPE BASE64 (e.g. 'ssh-ed25519 AAAA...')`,
          ];
}

export function loginProblems(field: string, value: string): string[] {
    return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value)
        ? []
        : [
              `${field} '${value}' must be a login name of letters, digits, '_', '.' and '-' (it names the default container and root dir)`,
          ];
}

/** How to get a host key worth pinning: the message of a connection without one. */
function missingHostKey(field: string, host: string | undefined): string {
    const where = host && host !== "(computed)" ? host : "HOST";
    return (
        `${field}.hostKey is required: the host's SSH public key, pinned, so that no one in between receives the node's keys. ` +
        `Get it with \`ssh-keyscan -t ed25519 ${where}\` (the line without the host name) and check it before you pin it: its ` +
        "fingerprint (`ssh-keygen -lf` of that line) must equal what `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints on the " +
        "host itself (its console, or your provider's record of it). For a throw-away test host only, insecureAcceptAnyHostKey: true " +
        "accepts any key."
    );
}

/**
 * Problems of a connection; without `acceptAnyHostKey`, every hop (the host, and the jump host of `proxy`) needs a
 * pinned host key.
 */
export function connectionProblems(
    field: string,
    c: ConnectionFacts,
    containerDriver: string,
    acceptAnyHostKey: boolean,
): string[] {
    const problems: string[] = [];
    if (!c.host) {
        problems.push(`${field}.host is required`);
    }
    if (!c.user) {
        problems.push(`${field}.user is required (its login decides the container name and the default root dir)`);
    } else if (c.user !== "(computed)") {
        problems.push(...loginProblems(`${field}.user`, c.user));
    }
    if (c.port !== undefined) {
        problems.push(...portProblems(`${field}.port`, c.port));
    }
    if (c.privateKey !== undefined && c.privateKey.trim() === "") {
        problems.push(`${field}.privateKey is empty`);
    }
    if (c.hostKey !== undefined) {
        problems.push(...hostKeyProblems(`${field}.hostKey`, c.hostKey));
    } else if (!c.hasHostKey && !acceptAnyHostKey) {
        problems.push(missingHostKey(field, c.host));
    }
    if (!c.hasPrivateKey && !c.hasPassword) {
        problems.push(`${field} needs privateKey or password`);
    }
    if (c.proxy !== undefined) {
        problems.push(...connectionProblems(`${field}.proxy`, c.proxy, "cli", acceptAnyHostKey));
    }
    if (containerDriver === "docker" && !c.hasPrivateKey) {
        problems.push(
            `${field}.privateKey is required with containerDriver 'docker' (the docker provider's ssh:// transport logs in with a key)`,
        );
    }
    if (containerDriver === "docker" && c.proxy !== undefined) {
        problems.push(
            `${field}.proxy is not supported with containerDriver 'docker'; use containerDriver 'cli' to reach hosts through a bastion`,
        );
    }
    return problems;
}

/** What the cluster-level checks need to know of one node. */
export interface NodeFacts {
    name: string;
    domainId: string;
    host: string;
    sshPort: number;
    ports: { field: string; port: number }[];
    containerName: string;
}

/** Checks that need all nodes at once: unique domain ids, and no clashes between nodes on one host. */
export function clusterProblems(nodes: NodeFacts[]): string[] {
    const problems: string[] = [];
    const byDomain = new Map<string, string>();
    for (const n of nodes) {
        const seen = byDomain.get(n.domainId);
        if (seen !== undefined) {
            problems.push(`domainId '${n.domainId}' is used by both ${seen} and ${n.name}; domain ids must be unique`);
        } else {
            byDomain.set(n.domainId, n.name);
        }
    }
    for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
            const a = nodes[i];
            const b = nodes[j];
            if (a.host !== b.host || a.sshPort !== b.sshPort) {
                continue;
            }
            const where = `${a.host}:${a.sshPort}`;
            for (const pa of a.ports) {
                for (const pb of b.ports) {
                    if (pa.port === pb.port) {
                        problems.push(
                            `${a.name}.${pa.field} and ${b.name}.${pb.field} both publish port ${pa.port} on host ${where}`,
                        );
                    }
                }
            }
            if (a.containerName === b.containerName) {
                problems.push(`${a.name} and ${b.name} both use containerName '${a.containerName}' on host ${where}`);
            }
        }
    }
    return problems;
}
