import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { testHostKey } from "./harness";
import * as kuscia from "../../components";
import { validateNodeArgs } from "../../components/nodeArgs";
import { validateClusterArgs } from "../../components/kusciaCluster";

const good = (over: Partial<kuscia.KusciaAutonomyNodeArgs> = {}): kuscia.KusciaAutonomyNodeArgs => ({
    domainId: "alice",
    connection: { host: "10.0.0.1", user: "op", privateKey: "k", hostKey: testHostKey },
    gatewayPort: 8081,
    ...over,
});

const ipMessage =
    "must be an IPv4 address (it goes into the gateway certificate as an IP SAN; Kuscia 0.3's join_to_host.sh cuts HOST:PORT at the first colon, so IPv6 cannot work)";
const domainIdRule =
    "must match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$: Kuscia makes a Kubernetes namespace of every domain id, " +
    "and a namespace name must be an RFC 1123 label (lower-case letters, digits and '-', at most 63 characters, no dots)";
const noHostKey = (field: string, host: string) =>
    `${field}.hostKey is required: the host's SSH public key, pinned, so that no one in between ` +
    `receives the node's keys. Get it with \`ssh-keyscan -t ed25519 ${host}\` (the line without the host name) and check it before you pin it: ` +
    "its fingerprint (`ssh-keygen -lf` of that line) must equal what `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` prints on the host " +
    "itself (its console, or your provider's record of it). For a throw-away test host only, insecureAcceptAnyHostKey: true accepts any key.";
const rootDirMessage = "must be an absolute path of letters, digits, '.', '_' and '-' (no '..'), other than '/'";

describe("node validation", () => {
    const cases: [string, Partial<kuscia.KusciaAutonomyNodeArgs>, string[]][] = [
        ["valid", {}, []],
        ["upper-case domain id", { domainId: "Alice" }, [`n.domainId 'Alice' ${domainIdRule}`]],
        [
            "a domain id with a dot: Kuscia takes it, Kubernetes refuses its namespace",
            { domainId: "bank.b2" },
            [`n.domainId 'bank.b2' ${domainIdRule}`],
        ],
        [
            "reserved domain id",
            { domainId: "master" },
            [
                "n.domainId 'master' is reserved by Kuscia (reserved: default, kube-system, kube-public, kube-node-lease, master, cross-domain)",
            ],
        ],
        ["too long domain id", { domainId: "a".repeat(64) }, [`n.domainId '${"a".repeat(64)}' ${domainIdRule}`]],
        ["port out of range", { gatewayPort: 70000 }, ["n.gatewayPort 70000 must be an integer from 1 to 65535"]],
        ["api port zero", { apiHttpPort: 0 }, ["n.apiHttpPort 0 must be an integer from 1 to 65535"]],
        ["malformed hostIp", { hostIp: "10.0.0" }, [`n.hostIp '10.0.0' ${ipMessage}`]],
        ["IPv6 hostIp", { hostIp: "fd00::1" }, [`n.hostIp 'fd00::1' ${ipMessage}`]],
        ["hostIp with an octet over 255", { hostIp: "10.0.0.256" }, [`n.hostIp '10.0.0.256' ${ipMessage}`]],
        [
            "host name as default hostIp",
            { connection: { host: "node-a.example", user: "op", privateKey: "k", hostKey: testHostKey } },
            [`n.hostIp (default connection.host) 'node-a.example' ${ipMessage}`],
        ],
        [
            "missing host and user",
            { connection: { host: "", privateKey: "k", hostKey: testHostKey } as any },
            [
                "n.connection.host is required",
                "n.connection.user is required (its login decides the container name and the default root dir)",
            ],
        ],
        [
            "no credentials",
            { connection: { host: "10.0.0.1", user: "op", hostKey: testHostKey } },
            [
                "n.connection needs privateKey or password",
                "n.connection.privateKey is required with containerDriver 'docker' (the docker provider's ssh:// transport logs in with a key)",
            ],
        ],
        [
            "password is enough for the cli driver",
            {
                containerDriver: "cli",
                connection: { host: "10.0.0.1", user: "op", password: "pw", hostKey: testHostKey },
            },
            [],
        ],
        [
            "proxy needs the cli driver",
            {
                connection: {
                    host: "10.0.0.1",
                    user: "op",
                    privateKey: "k",
                    hostKey: testHostKey,
                    proxy: { host: "bastion", privateKey: "k", hostKey: testHostKey },
                },
            },
            [
                "n.connection.proxy is not supported with containerDriver 'docker'; use containerDriver 'cli' to reach hosts through a bastion",
            ],
        ],
        [
            "no host key",
            { connection: { host: "10.0.0.1", user: "op", privateKey: "k" } },
            [noHostKey("n.connection", "10.0.0.1")],
        ],
        [
            "no host key, accepted for a throw-away host",
            { connection: { host: "10.0.0.1", user: "op", privateKey: "k" }, insecureAcceptAnyHostKey: true },
            [],
        ],
        [
            "the opt-out as a string",
            { insecureAcceptAnyHostKey: "yes" as any },
            ['n.insecureAcceptAnyHostKey must be true or false, got "yes"'],
        ],
        [
            "a jump host without a host key",
            {
                containerDriver: "cli",
                connection: {
                    host: "10.0.0.1",
                    user: "op",
                    privateKey: "k",
                    hostKey: testHostKey,
                    proxy: { host: "10.0.0.9", privateKey: "k" },
                },
            },
            [noHostKey("n.connection.proxy", "10.0.0.9")],
        ],
        [
            "a jump host with its own pinned key",
            {
                containerDriver: "cli",
                connection: {
                    host: "10.0.0.1",
                    user: "op",
                    privateKey: "k",
                    hostKey: testHostKey,
                    proxy: { host: "10.0.0.9", privateKey: "k", hostKey: testHostKey },
                },
            },
            [],
        ],
        [
            "a network name with a space",
            { networkName: "kuscia net" },
            ["n.networkName 'kuscia net' must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a docker network name)"],
        ],
        [
            "bad memory",
            { memory: "6 GB" },
            ["n.memory '6 GB' must be a docker memory size such as 6G, 6GiB, 512M or 1073741824"],
        ],
        ["relative root dir", { rootDir: "kuscia" }, [`n.rootDir 'kuscia' ${rootDirMessage}`]],
        ["root dir with a colon (docker -v)", { rootDir: "/srv/a:b" }, [`n.rootDir '/srv/a:b' ${rootDirMessage}`]],
        ["root dir with a comma", { rootDir: "/srv/a,b" }, [`n.rootDir '/srv/a,b' ${rootDirMessage}`]],
        ["root dir with '..'", { rootDir: "/srv/../etc" }, [`n.rootDir '/srv/../etc' ${rootDirMessage}`]],
        ["root dir '/'", { rootDir: "/" }, [`n.rootDir '/' ${rootDirMessage}`]],
        [
            "ready timeout with shell arithmetic",
            { readyTimeoutSeconds: "x[$(touch /tmp/p)]" as any },
            ['n.readyTimeoutSeconds "x[$(touch /tmp/p)]" must be a whole number of seconds from 1 to 86400'],
        ],
        [
            "fractional ready timeout",
            { readyTimeoutSeconds: 1.5 },
            ["n.readyTimeoutSeconds 1.5 must be a whole number of seconds from 1 to 86400"],
        ],
        ["unknown identity", { identity: "cloud" as any }, ["n.identity 'cloud' must be 'stack' or 'host'"]],
        [
            "unknown generation",
            { generation: "0.4" as any },
            ["n.generation \"0.4\" is not a Kuscia generation this library deploys ('0.3', '1.1')"],
        ],
        ["the default generation, given", { generation: "0.3" }, []],
        [
            "app image without a tag",
            { secretflowImage: "secretflow/secretflow-lite" },
            ["n.secretflowImage 'secretflow/secretflow-lite' must be an image reference with a tag, REPO:TAG"],
        ],
        [
            "app image on a registry with a port",
            { secretflowImage: "10.0.0.1:5000/secretflow/secretflow-lite:1.1.0b0" },
            [],
        ],
        [
            "bad container name",
            { containerName: "-x" },
            ["n.containerName '-x' must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a docker container name)"],
        ],
        // Values as JSON config hands them over, or as JavaScript coerces them.
        [
            "a port as a string",
            { gatewayPort: "18081" as any },
            ['n.gatewayPort "18081" must be an integer from 1 to 65535'],
        ],
        [
            "an SSH port as a string",
            { connection: { host: "10.0.0.1", port: "22" as any, user: "op", privateKey: "k", hostKey: testHostKey } },
            ['n.connection.port "22" must be an integer from 1 to 65535'],
        ],
        ["a number as the domain id", { domainId: 123 as any }, ["n.domainId must be a string (a domain id), got 123"]],
        ["no domain id", { domainId: undefined as any }, ["n.domainId is required"]],
        ["a number as the memory", { memory: 6 as any }, ["n.memory must be a string (a docker memory size), got 6"]],
        [
            "a number as the container name",
            { containerName: 123 as any },
            ["n.containerName must be a string (a docker container name), got 123"],
        ],
        ["privileged as a string", { privileged: "false" as any }, ['n.privileged must be true or false, got "false"']],
        ["demoData as a string", { demoData: "false" as any }, ['n.demoData must be true or false, got "false"']],
        [
            "an image without a tag",
            { image: "secretflow/kuscia" },
            ["n.image 'secretflow/kuscia' must be an image reference REPO:TAG or REPO@sha256:DIGEST"],
        ],
        ["an image by digest", { image: `secretflow/kuscia@sha256:${"a".repeat(64)}` }, []],
        [
            "shell in the image",
            { image: "kuscia:0.3;reboot" },
            ["n.image 'kuscia:0.3;reboot' must be an image reference REPO:TAG or REPO@sha256:DIGEST"],
        ],
        [
            "a login with a space",
            { connection: { host: "10.0.0.1", user: "op erator", privateKey: "k", hostKey: testHostKey } },
            [
                "n.connection.user 'op erator' must be a login name of letters, digits, '_', '.' and '-' (it names the default container and root dir)",
            ],
        ],
        [
            "an empty key",
            { connection: { host: "10.0.0.1", user: "op", privateKey: " ", hostKey: testHostKey } },
            ["n.connection.privateKey is empty"],
        ],
        [
            "a garbage host key",
            { connection: { host: "10.0.0.1", user: "op", privateKey: "k", hostKey: "trust me" } },
            [
                "n.connection.hostKey must be a public key as in known_hosts or authorized_keys: TYPE BASE64 (e.g. 'ssh-ed25519 AAAA...')",
            ],
        ],
        [
            "a pinned host key",
            {
                connection: {
                    host: "10.0.0.1",
                    user: "op",
                    privateKey: "k",
                    hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0 host",
                },
            },
            [],
        ],
        [
            "the gateway on the KusciaAPI port",
            { gatewayPort: 13082 },
            ["n.gatewayPort and n.apiHttpPort are both port 13082"],
        ],
        ["a public endpoint behind a NAT", { publicEndpoint: "203.0.113.7:443" }, []],
        [
            "a 0.3 public endpoint with a scheme",
            { publicEndpoint: "https://gw.example:443/kuscia/" },
            [
                "n.publicEndpoint must be HOST:PORT: Kuscia 0.3's join_to_host.sh takes no scheme or path (the route is TLS to HOST:PORT)",
            ],
        ],
        ["a 1.1 public URL with a path", { generation: "1.1", publicEndpoint: "https://gw.example/kuscia/" }, []],
        [
            "a 1.1 public URL with shell in its path",
            { generation: "1.1", publicEndpoint: "https://gw.example/k$(reboot)/" },
            [
                "n.publicEndpoint's path must be a path like /kuscia/: segments of letters, digits, '.', '_', '~' and '-', no '.' or '..' segment",
            ],
        ],
        [
            "a 1.1 public URL with '..'",
            { generation: "1.1", publicEndpoint: "http://gw.example:8080/a/../b" },
            [
                "n.publicEndpoint's path must be a path like /kuscia/: segments of letters, digits, '.', '_', '~' and '-', no '.' or '..' segment",
            ],
        ],
        [
            "a 1.1 public URL of another scheme",
            { generation: "1.1", publicEndpoint: "ftp://gw.example:21" },
            [
                "n.publicEndpoint must be HOST:PORT, HOST an IPv4 address or a DNS name (RFC 1123) and PORT from 1 to 65535, or a URL scheme://HOST[:PORT][/PATH] (http or https)",
            ],
        ],
        [
            "a 1.1 host by DNS name",
            {
                generation: "1.1",
                connection: { host: "node-a.example", user: "op", privateKey: "k", hostKey: testHostKey },
            },
            [],
        ],
        [
            "a 1.1 host by IPv6",
            { generation: "1.1", hostIp: "fd00::1" },
            [
                "n.hostIp 'fd00::1' must be an IPv4 address or a DNS name (RFC 1123); join_to_host.sh cuts HOST:PORT at the first colon, so IPv6 cannot work",
            ],
        ],
    ];
    for (const [title, over, expected] of cases) {
        it(title, () => assert.deepEqual(validateNodeArgs("n", good(over)), expected));
    }

    it("the constructor throws before creating any child", () => {
        assert.throws(
            () => new kuscia.KusciaAutonomyNode("bad", good({ domainId: "Bad_Id" })),
            (e: Error) => e instanceof kuscia.KusciaValidationError && /domainId 'Bad_Id' must match/.test(e.message),
        );
    });
});

describe("cluster validation", () => {
    const node = (
        domainId: string,
        host: string,
        gatewayPort: number,
        extra: Partial<kuscia.KusciaAutonomyNodeArgs> = {},
    ) =>
        good({
            domainId,
            connection: { host, user: "op", privateKey: "k", hostKey: testHostKey },
            gatewayPort,
            ...extra,
        });

    it("accepts distinct nodes on distinct hosts", () => {
        assert.deepEqual(
            validateClusterArgs("c", { nodes: [node("alice", "10.0.0.1", 8081), node("bob", "10.0.0.2", 8081)] }),
            [],
        );
    });
    it("rejects duplicate domain ids", () => {
        assert.deepEqual(
            validateClusterArgs("c", { nodes: [node("alice", "10.0.0.1", 8081), node("alice", "10.0.0.2", 8081)] }),
            ["domainId 'alice' is used by both c.nodes[0] and c.nodes[1]; domain ids must be unique"],
        );
    });
    it("rejects two nodes on one host with the same ports", () => {
        assert.deepEqual(
            validateClusterArgs("c", { nodes: [node("alice", "10.0.0.1", 8081), node("bob", "10.0.0.1", 8081)] }),
            [
                "c.nodes[0].gatewayPort and c.nodes[1].gatewayPort both publish port 8081 on host 10.0.0.1:22",
                "c.nodes[0].apiHttpPort and c.nodes[1].apiHttpPort both publish port 13082 on host 10.0.0.1:22",
                "c.nodes[0].apiGrpcPort and c.nodes[1].apiGrpcPort both publish port 13083 on host 10.0.0.1:22",
            ],
        );
    });
    it("rejects two nodes on one host with the same container name", () => {
        const a = node("alice", "10.0.0.1", 8081, { containerName: "kuscia" });
        const b = node("bob", "10.0.0.1", 8082, { containerName: "kuscia", apiHttpPort: 23082, apiGrpcPort: 23083 });
        assert.deepEqual(validateClusterArgs("c", { nodes: [a, b] }), [
            "c.nodes[0] and c.nodes[1] both use containerName 'kuscia' on host 10.0.0.1:22",
        ]);
    });
    it("needs two nodes and a known job initiator", () => {
        assert.deepEqual(
            validateClusterArgs("c", { nodes: [node("alice", "10.0.0.1", 8081)], exampleJobFrom: "bob" }),
            [
                "c.nodes must hold at least 2 nodes, got 1",
                "c.exampleJobFrom 'bob' is not one of the nodes' domain ids (alice)",
            ],
        );
    });
    it("the cluster throws every problem before creating any node", async () => {
        const { registrations } = await import("./harness");
        const before = registrations.length;
        assert.throws(
            () =>
                new kuscia.KusciaCluster("bad", {
                    nodes: [node("alice", "10.0.0.1", 8081), node("Alice", "10.0.0.2", 99999)],
                }),
            /- c?.*nodes\[1\]\.domainId 'Alice' must match[\s\S]*nodes\[1\]\.gatewayPort 99999 must be an integer from 1 to 65535/,
        );
        assert.equal(
            registrations.filter(r => r.name !== "bad").length - before <= 0,
            true,
            "nothing but the component registered",
        );
    });
});
