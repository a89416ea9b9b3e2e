import { hostProbeType } from "../components/core/hostProbe";
import { componentTypes, packageName, typeToken } from "../components/core/typeTokens";

const str = { type: "string" };
const plainStr = { type: "string", plain: true };
const int = { type: "integer" };
const bool = { type: "boolean" };
const plainBool = { type: "boolean", plain: true };
const any = { $ref: "pulumi.json#/Any" };
const node = { $ref: `#/resources/${componentTypes.KusciaAutonomyNode}` };
const ref = (type: string) => ({ $ref: `#/types/${typeToken(type)}` });
const doc = <T extends object>(description: string, t: T) => ({ ...t, description });

const login = {
    host: doc("The host's address.", str),
    port: doc("SSH port; default 22.", int),
    user: doc("Login user.", str),
    privateKey: doc("The private key, PEM.", { ...str, secret: true }),
    privateKeyPassword: doc("The private key's passphrase.", { ...str, secret: true }),
    password: doc("The login's password.", { ...str, secret: true }),
    hostKey: doc("The host's public key (authorized_keys format), pinned.", str),
};

const nodeInputs = {
    domainId: doc("The node's domain id; it names the node's resources.", plainStr),
    generation: doc('The Kuscia generation: "0.3" (default, 0.3.0b0) or "1.1" (1.1.0b0).', plainStr),
    connection: doc("SSH connection to the host; `hostKey` (and a proxy's) is required.", ref("Connection")),
    insecureAcceptAnyHostKey: doc("Log in without a pinned host key: throw-away test hosts only.", plainBool),
    hostIp: doc("The node's address on the network; default connection.host.", str),
    publicEndpoint: doc("Where partners reach the gateway when not hostIp:gatewayPort.", plainStr),
    gatewayPort: doc("Host port published to the gateway (container port 1080).", int),
    apiHttpPort: doc("Host port published to KusciaAPI HTTP (container 8082); default 13082.", int),
    apiGrpcPort: doc("Host port published to KusciaAPI gRPC (container 8083); default 13083.", int),
    internalPort: doc("Kuscia 1.1: host port published to the gateway's internal listener; default 13081.", int),
    metricsPort: doc("Kuscia 1.1: host port published to the metrics port; default 13084.", int),
    image: doc("Kuscia image; default the real Kuscia image of the node's generation.", str),
    rootDir: doc("Directory holding the certs and data dirs; default the login's home.", str),
    containerName: doc("Container name; default `${user}-kuscia-autonomy-${domainId}`.", str),
    privileged: doc("Run the container privileged, as Kuscia requires; default true.", bool),
    memory: doc("Container memory limit, docker's syntax.", str),
    identity: doc('"stack": keys in the stack\'s state (default). "host": keys made on the host.', plainStr),
    containerDriver: doc('"docker": Docker over ssh:// (default). "cli": the docker CLI over SSH.', plainStr),
    networkName: doc('Docker network the container joins; default "kuscia-exchange".', str),
    demoData: doc("Copy and register the image's demo tables (alice.csv, bob.csv); default false.", plainBool),
    protocol: doc('Kuscia 1.1: "NOTLS", "TLS" or "MTLS"; default Kuscia\'s.', plainStr),
    secretflowImage: doc("SecretFlow image (REPO:TAG) registered as AppImage `secretflow-image`.", str),
    loadSecretflowImage: doc("Load the SecretFlow image into the node after start; default true.", plainBool),
    readyTimeoutSeconds: doc("Seconds to wait for the node to list its gateway; default 180.", int),
};

const nodeOutputs = {
    domainId: doc("The node's domain id.", str),
    endpoint: doc("`hostIp:gatewayPort` (or the public endpoint), what partners join to.", str),
    handshake: doc("What the node publishes of itself: public material only.", any),
    trustFingerprint: doc("SHA-256 fingerprint of the certificate partners pin.", str),
    containerName: doc("The node's container on its host.", str),
    certsDir: doc("The certs dir on the host; removed on destroy.", str),
    dataDir: doc("The data dir (tables, job results); kept on destroy.", str),
    api: doc("KusciaAPI endpoint and client credentials; secret as a whole.", { ...any, secret: true }),
};

const authorizationInputs = {
    nodes: doc("Both nodes, when one program runs both sides.", { type: "array", items: node }),
    local: doc("Cross-organisation: this organisation's node.", node),
    partnerDomainId: doc("Cross-organisation: the partner's domain id, as agreed.", plainStr),
    partnerFingerprint: doc("Cross-organisation: SHA-256 fingerprint of the partner's certificate.", plainStr),
    peer: doc("Cross-organisation: the partner's published handshake; absent until it publishes one.", any),
    verifyTimeoutSeconds: doc("Kuscia 1.1: seconds a verify waits for the partner's answer; default 300.", int),
};

const authorizationOutputs = {
    handshake: doc("What this side publishes for its partner (public material only).", any),
    handshakes: doc("Every handshake this authorization published, by domain id.", any),
    status: doc('"verified" once the directions this side runs passed partner traffic.', str),
    message: doc("What is done and what the local side still waits for.", str),
};

const jobInputs = {
    node: doc("The node that creates the job: its initiator.", node),
    partner: doc("Kuscia 1.1: the other party (both need demoData).", node),
    jobId: doc("The KusciaJob name: a DNS subdomain name.", plainStr),
    timeoutSeconds: doc("Seconds to wait for the job to end, 1 to 86400; default 300.", {
        ...int,
        plain: true,
    }),
};

const clusterInputs = {
    nodes: doc("The nodes; every pair trusts each other.", { type: "array", items: ref("ClusterNode"), plain: true }),
    exampleJobFrom: doc("Run the example PSI job from this node's domain id.", plainStr),
    exampleJobWith: doc("Kuscia 1.1: the job's other party.", plainStr),
    exampleJobId: doc("The example job's id.", plainStr),
    verifyTimeoutSeconds: doc("Kuscia 1.1: seconds a verify waits for the partner's answer; default 300.", int),
};

const clusterOutputs = {
    endpoints: doc("Each node's endpoint, by domain id.", { type: "object", additionalProperties: str }),
    apis: doc("Each node's KusciaAPI access, by domain id; secret.", { ...any, secret: true }),
    exampleJobPhase: doc("The example job's final phase.", str),
};

const component = (
    description: string,
    inputProperties: object,
    requiredInputs: string[],
    properties: object,
    required: string[],
) => ({ isComponent: true, description, inputProperties, requiredInputs, properties, required });

const probeState = {
    connection: doc("SSH connection to the host.", { ...any, secret: true }),
    check: doc("The check, as a remote command line printing `present` or `missing`.", str),
    acceptAnyHostKey: doc("Log in without a pinned host key.", bool),
};

/** The package's Pulumi schema: what `pulumi package add` and `gen-sdk` make each language's SDK from. */
export function packageSchema(version: string) {
    return {
        name: packageName,
        version,
        displayName: "Kuscia",
        description: "Kuscia peer-to-peer (autonomy) nodes across machines, their mutual trust and the example PSI job",
        license: "Apache-2.0",
        types: {
            [typeToken("ProxyConnection")]: {
                type: "object",
                description: "A jump host the SSH connection goes through.",
                properties: login,
                required: ["host"],
            },
            [typeToken("Connection")]: {
                type: "object",
                description: "SSH connection to a host, as @pulumi/command's remote connection.",
                properties: { ...login, proxy: doc("A jump host.", ref("ProxyConnection")) },
                required: ["host"],
            },
            [typeToken("ClusterNode")]: {
                type: "object",
                description: "A node of a cluster: a KusciaAutonomyNode's arguments.",
                properties: nodeInputs,
                required: ["domainId", "connection", "gatewayPort"],
            },
        },
        resources: {
            [componentTypes.KusciaAutonomyNode]: component(
                "One Kuscia autonomy node on one host reached over SSH, deployed as its generation's deploy script does.",
                nodeInputs,
                ["domainId", "connection", "gatewayPort"],
                nodeOutputs,
                Object.keys(nodeOutputs),
            ),
            [componentTypes.MutualAuthorization]: component(
                "MTLS trust in both directions between two Kuscia nodes, each direction verified by partner traffic. " +
                    "Either `nodes` (one program runs both sides) or `local`, `partnerDomainId` and `peer`.",
                authorizationInputs,
                [],
                authorizationOutputs,
                Object.keys(authorizationOutputs),
            ),
            [componentTypes.ExamplePsiJob]: component(
                "The two-party PSI example job, created on one node and awaited until it succeeds.",
                jobInputs,
                ["node", "jobId"],
                { phase: doc("The job's final phase: `Succeeded`.", str) },
                ["phase"],
            ),
            [componentTypes.KusciaCluster]: component(
                "N Kuscia autonomy nodes, every pair trusting each other, and optionally the example PSI job.",
                clusterInputs,
                ["nodes"],
                clusterOutputs,
                ["endpoints", "apis"],
            ),
            [hostProbeType]: {
                description:
                    "Internal to the components: a check on a host that only a refresh runs (drift detection).",
                inputProperties: probeState,
                requiredInputs: ["connection", "check"],
                properties: { ...probeState, epoch: doc("Changes whenever the probe is re-created.", str) },
                required: ["connection", "check", "epoch"],
            },
        },
        language: {
            python: { requires: { pulumi: ">=3.0.0,<4.0.0" } },
            go: { importBasePath: "kuscia/sdk/go/kuscia", generateResourceContainerTypes: true },
            nodejs: { packageName: "@kuscia/sdk" },
        },
    };
}
