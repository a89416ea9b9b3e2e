// The shapes of the root program's stack config that its modules share: a `kuscia:nodes` entry, its jump
// host, and the files the config names. The parser (config.ts) and the lab's defaults (labHosts.ts) both
// use them, so they live here rather than in either.

/** One node as written in stack config (`kuscia:nodes`). */
export interface NodeConfig {
    domainId: string;
    /** The node's Kuscia generation; default `kuscia:generation`, else the library's. */
    generation?: string;
    /** Name of a host in the lab's hosts.json; fills host, port, user, key and host key. */
    labHost?: string;
    host?: string;
    port?: number;
    user?: string;
    /** Path of the SSH private key on the machine running pulumi; default the secret `kuscia:sshPrivateKey`. */
    privateKeyPath?: string;
    hostKey?: string;
    /**
     * A jump host the node's host is reached through (containerDriver cli): a lab host, or host, port, user,
     * privateKeyPath, hostKey.
     */
    proxy?: ProxyConfig;
    /** For a throw-away test host only: log in without a pinned host key. */
    insecureAcceptAnyHostKey?: boolean;
    hostIp?: string;
    /**
     * Where partners reach the gateway when it is not hostIp:gatewayPort (HOST:PORT, or for Kuscia 1.1 a URL with
     * a path).
     */
    publicEndpoint?: string;
    gatewayPort: number;
    apiHttpPort?: number;
    apiGrpcPort?: number;
    internalPort?: number;
    metricsPort?: number;
    image?: string;
    rootDir?: string;
    containerName?: string;
    privileged?: boolean;
    memory?: string;
    /** Kuscia 1.1: the config's protocol (NOTLS, TLS, MTLS); default none. */
    protocol?: string;
    /** SecretFlow image REPO:TAG to load into the node and register as its AppImage. */
    secretflowImage?: string;
    /** false: only register the AppImage (kuscia.sh's -a none). */
    loadSecretflowImage?: boolean;
    identity?: "stack" | "host";
    containerDriver?: "docker" | "cli";
    demoData?: boolean;
    networkName?: string;
    readyTimeoutSeconds?: number;
}

/** A jump host as written in stack config. */
export interface ProxyConfig {
    /** Name of a host in the lab's hosts.json; fills host, port, user, key and host key. */
    labHost?: string;
    host?: string;
    port?: number;
    user?: string;
    /** Path of the SSH private key for the jump host; default the node's. */
    privateKeyPath?: string;
    hostKey?: string;
}

/** The files the config names (the lab's hosts file, private keys), so that tests need no disk. */
export interface ConfigFiles {
    read(path: string): string;
    exists(path: string): boolean;
}
