// The root program's stack config (program/): its parser, the lab defaults, and a table of bad config
// with the exact messages, both the parser's own and those of the library's validation of the result.
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import "./harness";
import { KusciaValidationError } from "../../components";
import { validateClusterArgs } from "../../components/kusciaCluster";
import { ClusterConfig, clusterArgsFromConfig, ConfigFiles, LabHostsFile } from "../../program";

const lab: LabHostsFile = {
    image: "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0",
    image11: "10.213.0.1:5000/secretflow/kuscia-sim:1.1.0b0",
    hosts: [1, 2, 3].map(i => ({
        name: `host${i}`,
        address: `10.213.0.1${i}`,
        sshPort: 22,
        user: `op${i}`,
        privateKeyPath: "/lab/id_ed25519",
        hostKey: `ssh-ed25519 KEY${i}`,
    })),
};

const files = (contents: Record<string, string>): ConfigFiles => ({
    read: p => {
        if (!(p in contents)) throw new Error(`unexpected read of ${p}`);
        return contents[p];
    },
    exists: p => p in contents,
});

const labFiles = files({ ".lab/hosts.json": JSON.stringify(lab), "/lab/id_ed25519": "LAB KEY" });

/** The problems clusterArgsFromConfig throws for the config, or [] when it returns. */
function configProblems(config: ClusterConfig, f: ConfigFiles): string[] {
    try {
        clusterArgsFromConfig(config, f);
        return [];
    } catch (e) {
        if (e instanceof KusciaValidationError) return e.problems;
        throw e;
    }
}

describe("root program config", () => {
    it("defaults to alice and bob on the lab's first two hosts, unprivileged, with the lab's image", () => {
        const args = clusterArgsFromConfig({}, labFiles);
        assert.deepEqual(
            args.nodes.map(n => [
                n.domainId,
                n.connection.host,
                n.connection.user,
                n.connection.hostKey,
                n.gatewayPort,
                n.image,
                n.privileged,
            ]),
            [
                ["alice", "10.213.0.11", "op1", "ssh-ed25519 KEY1", 18081, lab.image, false],
                ["bob", "10.213.0.12", "op2", "ssh-ed25519 KEY2", 18082, lab.image, false],
            ],
        );
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
    });

    it("reaches a node through a jump host: a lab host, with its own pinned key", () => {
        const args = clusterArgsFromConfig(
            {
                nodes: [
                    {
                        domainId: "alice",
                        labHost: "host1",
                        gatewayPort: 18081,
                        containerDriver: "cli",
                        proxy: { labHost: "host2" },
                    },
                    { domainId: "bob", labHost: "host2", gatewayPort: 18082 },
                ],
            },
            labFiles,
        );
        const proxy = args.nodes[0].connection.proxy as any;
        assert.deepEqual(
            [proxy.host, proxy.port, proxy.user, proxy.hostKey],
            ["10.213.0.12", 22, "op2", "ssh-ed25519 KEY2"],
        );
        assert.equal(args.nodes[1].connection.proxy, undefined);
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
        assert.throws(
            () =>
                clusterArgsFromConfig(
                    { nodes: [{ domainId: "a", labHost: "host1", gatewayPort: 1, proxy: { lab: "host2" } }] },
                    labFiles,
                ),
            /kuscia:nodes\[0\].proxy.lab is not a proxy field \(fields: labHost, host, port, user, privateKeyPath, hostKey\)/,
        );
    });

    it("takes kuscia:nodes null as absent (the lab's default nodes)", () => {
        assert.deepEqual(
            clusterArgsFromConfig({ nodes: null }, labFiles).nodes.map(n => n.domainId),
            ["alice", "bob"],
        );
    });

    it("takes explicit nodes with real hosts and the secret key from config", () => {
        const args = clusterArgsFromConfig(
            {
                sshPrivateKey: "SECRET",
                image: "img:1",
                nodes: [
                    {
                        domainId: "alice",
                        host: "192.0.2.10",
                        user: "kuscia",
                        hostKey: "ssh-ed25519 AAAAKEYA",
                        gatewayPort: 8081,
                    },
                    {
                        domainId: "bob",
                        host: "192.0.2.20",
                        user: "kuscia",
                        insecureAcceptAnyHostKey: true,
                        gatewayPort: 8082,
                        identity: "host",
                        containerDriver: "cli",
                    },
                ],
                exampleJobFrom: "alice",
            },
            files({}),
        );
        assert.equal(args.nodes[1].connection.privateKey, "SECRET");
        assert.equal(args.nodes[0].image, "img:1");
        assert.equal(args.nodes[0].privileged, undefined);
        assert.equal(args.nodes[1].identity, "host");
        assert.deepEqual(
            [args.nodes[0].insecureAcceptAnyHostKey, args.nodes[1].insecureAcceptAnyHostKey],
            [undefined, true],
        );
        assert.equal(args.exampleJobFrom, "alice");
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
    });

    it("takes every node field as `pulumi config set` gives it (JSON)", () => {
        const nodes = JSON.parse(
            JSON.stringify([
                {
                    domainId: "alice",
                    labHost: "host1",
                    host: "10.213.0.11",
                    port: 22,
                    user: "op1",
                    privateKeyPath: "/lab/id_ed25519",
                    hostKey: "ssh-ed25519 KEY1",
                    hostIp: "10.213.0.11",
                    gatewayPort: 18081,
                    apiHttpPort: 19081,
                    apiGrpcPort: 20081,
                    image: "img:1",
                    rootDir: "/srv/kuscia",
                    containerName: "alice-node",
                    privileged: true,
                    memory: "2G",
                    identity: "host",
                    containerDriver: "cli",
                    demoData: false,
                },
                { domainId: "bob", labHost: "host2", gatewayPort: 18082 },
            ]),
        );
        const args = clusterArgsFromConfig({ nodes }, labFiles);
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
        assert.equal(args.nodes[0].rootDir, "/srv/kuscia");
        assert.equal(args.nodes[0].demoData, false);
    });

    it("takes the generation for all nodes or per node, and gives Kuscia 1.1 lab nodes the lab's 1.1 image", () => {
        const nodes = [
            { domainId: "alice", labHost: "host1", gatewayPort: 18081, internalPort: 18091, metricsPort: 18094 },
            { domainId: "bob", labHost: "host2", gatewayPort: 18082, generation: "0.3" },
        ];
        const args = clusterArgsFromConfig({ nodes, generation: "1.1" }, labFiles);
        assert.deepEqual(
            args.nodes.map(n => [n.generation, n.image]),
            [
                ["1.1", lab.image11],
                ["0.3", lab.image],
            ],
        );
        assert.deepEqual([args.nodes[0].internalPort, args.nodes[0].metricsPort], [18091, 18094]);
        assert.ok(
            validateClusterArgs("kuscia", args).some(p => p.includes("same generation")),
            "the library refuses the mixed pair",
        );
    });

    it("reports every problem of the config at once", () => {
        assert.throws(
            () =>
                clusterArgsFromConfig(
                    {
                        nodes: [
                            { domainId: "alice", labHost: "host9", gatewayPort: 1 },
                            {
                                domainId: "bob",
                                host: "192.0.2.20",
                                user: "k",
                                privateKeyPath: "/missing",
                                gatewayPort: 2,
                            },
                        ],
                    },
                    labFiles,
                ),
            (e: Error) =>
                e.message ===
                [
                    "invalid input:",
                    "- kuscia:nodes[0].labHost 'host9' is not in the lab (hosts: host1, host2, host3); run `npm run lab -- up N` with more hosts",
                    "- kuscia:nodes[1].privateKeyPath /missing does not exist",
                ].join("\n"),
        );
    });

    it("says how to get a lab when there is none", () => {
        assert.throws(
            () => clusterArgsFromConfig({}, files({})),
            /kuscia:labHosts: .lab\/hosts.json does not exist; run `npm run lab -- up` first or give kuscia:nodes with real hosts/,
        );
    });
});

const alice = { domainId: "alice", labHost: "host1", gatewayPort: 18081 };
const bob = { domainId: "bob", labHost: "host2", gatewayPort: 18082 };
/** alice (with `over`) and bob on the lab. */
const withAlice = (over: Record<string, unknown>): ClusterConfig => ({ nodes: [{ ...alice, ...over }, bob] });
/** alice without `field`, and bob, on the lab. */
const aliceWithout = (field: keyof typeof alice): ClusterConfig => {
    const a: Record<string, unknown> = { ...alice };
    delete a[field];
    return { nodes: [a, bob] };
};

const noLab =
    "kuscia:labHosts: .lab/hosts.json does not exist; run `npm run lab -- up` first or give kuscia:nodes with real hosts";
const rewriteLab = "run `npm run lab -- up` to write it again";
const nodeFields =
    "domainId, generation, labHost, host, port, user, privateKeyPath, hostKey, proxy, insecureAcceptAnyHostKey, hostIp, publicEndpoint, gatewayPort, apiHttpPort, apiGrpcPort, " +
    "internalPort, metricsPort, image, rootDir, containerName, privileged, memory, protocol, secretflowImage, loadSecretflowImage, identity, containerDriver, demoData, networkName, readyTimeoutSeconds";

describe("bad root program config: the parser's messages (clusterArgsFromConfig throws)", () => {
    const cases: [string, ClusterConfig, ConfigFiles, string[]][] = [
        ["no lab hosts file (the default nodes are on the lab)", {}, files({}), [noLab]],
        ["no lab hosts file for kuscia:nodes on lab hosts", withAlice({}), files({}), [noLab]],
        [
            "no lab hosts file where kuscia:labHosts says",
            { labHostsPath: "/srv/lab/hosts.json" },
            labFiles,
            [
                "kuscia:labHosts: /srv/lab/hosts.json does not exist; run `npm run lab -- up` first or give kuscia:nodes with real hosts",
            ],
        ],
        [
            "lab hosts file not JSON",
            {},
            files({ ".lab/hosts.json": '{"image": ', "/lab/id_ed25519": "K" }),
            [`kuscia:labHosts: .lab/hosts.json is not JSON; ${rewriteLab}`],
        ],
        [
            "lab hosts file of another shape",
            {},
            files({ ".lab/hosts.json": JSON.stringify({ image: lab.image, hosts: { host1: {} } }) }),
            [
                `kuscia:labHosts: .lab/hosts.json is not the lab's hosts file (image, image11, and hosts each with name, address, sshPort, user, privateKeyPath and hostKey); ${rewriteLab}`,
            ],
        ],
        [
            "lab host with a string sshPort",
            {},
            files({ ".lab/hosts.json": JSON.stringify({ ...lab, hosts: [{ ...lab.hosts[0], sshPort: "22" }] }) }),
            [
                `kuscia:labHosts: .lab/hosts.json is not the lab's hosts file (image, image11, and hosts each with name, address, sshPort, user, privateKeyPath and hostKey); ${rewriteLab}`,
            ],
        ],
        [
            "unknown labHost",
            withAlice({ labHost: "host9" }),
            labFiles,
            [
                "kuscia:nodes[0].labHost 'host9' is not in the lab (hosts: host1, host2, host3); run `npm run lab -- up N` with more hosts",
            ],
        ],
        [
            "missing privateKeyPath file",
            withAlice({ privateKeyPath: "/home/me/.ssh/gone" }),
            labFiles,
            ["kuscia:nodes[0].privateKeyPath /home/me/.ssh/gone does not exist"],
        ],
        [
            "the lab's key file gone (the lab host's privateKeyPath)",
            {},
            files({ ".lab/hosts.json": JSON.stringify(lab) }),
            [
                "kuscia:nodes[0].privateKeyPath /lab/id_ed25519 does not exist",
                "kuscia:nodes[1].privateKeyPath /lab/id_ed25519 does not exist",
            ],
        ],
        [
            "kuscia:nodes not a list",
            { nodes: { alice: { gatewayPort: 18081 } } },
            labFiles,
            ['kuscia:nodes must be a list of nodes, got {"alice":{"gatewayPort":18081}}'],
        ],
        [
            "a node that is not an object",
            { nodes: ["alice", bob] },
            labFiles,
            ['kuscia:nodes[0] must be an object of node fields, got "alice"'],
        ],
        [
            "gatewayPort a string",
            withAlice({ gatewayPort: "18081" }),
            labFiles,
            ['kuscia:nodes[0].gatewayPort must be an integer, got "18081"'],
        ],
        [
            "gatewayPort a fraction",
            withAlice({ gatewayPort: 18081.5 }),
            labFiles,
            ["kuscia:nodes[0].gatewayPort must be an integer, got 18081.5"],
        ],
        [
            "gatewayPort null",
            withAlice({ gatewayPort: null }),
            labFiles,
            ["kuscia:nodes[0].gatewayPort must be an integer, got null"],
        ],
        [
            "apiHttpPort and apiGrpcPort strings",
            withAlice({ apiHttpPort: "13082", apiGrpcPort: "13083" }),
            labFiles,
            [
                'kuscia:nodes[0].apiHttpPort must be an integer, got "13082"',
                'kuscia:nodes[0].apiGrpcPort must be an integer, got "13083"',
            ],
        ],
        [
            "ssh port a string",
            withAlice({ port: "22" }),
            labFiles,
            ['kuscia:nodes[0].port must be an integer, got "22"'],
        ],
        ["no domainId", aliceWithout("domainId"), labFiles, ["kuscia:nodes[0].domainId is required"]],
        ["no gatewayPort", aliceWithout("gatewayPort"), labFiles, ["kuscia:nodes[0].gatewayPort is required"]],
        [
            "domainId a number",
            withAlice({ domainId: 7 }),
            labFiles,
            ["kuscia:nodes[0].domainId must be a string, got 7"],
        ],
        ["memory a number", withAlice({ memory: 6 }), labFiles, ["kuscia:nodes[0].memory must be a string, got 6"]],
        [
            "containerName a number",
            withAlice({ containerName: 123 }),
            labFiles,
            ["kuscia:nodes[0].containerName must be a string, got 123"],
        ],
        [
            "identity a list",
            withAlice({ identity: ["host"] }),
            labFiles,
            ['kuscia:nodes[0].identity must be a string, got ["host"]'],
        ],
        ["labHost a number", withAlice({ labHost: 1 }), labFiles, ["kuscia:nodes[0].labHost must be a string, got 1"]],
        [
            "privileged a string",
            withAlice({ privileged: "false" }),
            labFiles,
            ['kuscia:nodes[0].privileged must be true or false, got "false"'],
        ],
        [
            "demoData a number",
            withAlice({ demoData: 1 }),
            labFiles,
            ["kuscia:nodes[0].demoData must be true or false, got 1"],
        ],
        [
            "a misspelt field",
            { nodes: [{ domainId: "alice", labHost: "host1", gatewayport: 18081 }, bob] },
            labFiles,
            [
                `kuscia:nodes[0].gatewayport is not a node field (fields: ${nodeFields})`,
                "kuscia:nodes[0].gatewayPort is required",
            ],
        ],
        [
            "type and lab problems at once",
            {
                nodes: [
                    { ...alice, labHost: "host9", gatewayPort: "1" },
                    { ...bob, privateKeyPath: "/gone" },
                ],
            },
            labFiles,
            [
                'kuscia:nodes[0].gatewayPort must be an integer, got "1"',
                "kuscia:nodes[0].labHost 'host9' is not in the lab (hosts: host1, host2, host3); run `npm run lab -- up N` with more hosts",
                "kuscia:nodes[1].privateKeyPath /gone does not exist",
            ],
        ],
    ];
    for (const [title, config, f, expected] of cases) {
        it(title, () => assert.deepEqual(configProblems(config, f), expected));
    }
});

const ipMessage =
    "must be an IPv4 address (it goes into the gateway certificate as an IP SAN; Kuscia 0.3's join_to_host.sh cuts HOST:PORT at the first colon, so IPv6 cannot work)";
const rootDirMessage = "must be an absolute path of letters, digits, '.', '_' and '-' (no '..'), other than '/'";
const domainIdMessage =
    "must match ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$: Kuscia makes a Kubernetes namespace of every domain id, " +
    "and a namespace name must be an RFC 1123 label (lower-case letters, digits and '-', at most 63 characters, no dots)";
const realHost = (domainId: string, host: string, over: Record<string, unknown> = {}) => ({
    domainId,
    host,
    user: "kuscia",
    hostKey: "ssh-ed25519 AAAAKEY",
    gatewayPort: 8081,
    ...over,
});

describe("bad root program config: the library's messages (validateClusterArgs of what the parser makes)", () => {
    const cases: [string, ClusterConfig, (string | RegExp)[]][] = [
        [
            "domainId not a DNS label",
            withAlice({ domainId: "Alice" }),
            [`kuscia.nodes[0].domainId 'Alice' ${domainIdMessage}`],
        ],
        [
            "domainId reserved by Kuscia",
            withAlice({ domainId: "master" }),
            [
                "kuscia.nodes[0].domainId 'master' is reserved by Kuscia (reserved: default, kube-system, kube-public, kube-node-lease, master, cross-domain)",
            ],
        ],
        [
            "gatewayPort 0",
            withAlice({ gatewayPort: 0 }),
            ["kuscia.nodes[0].gatewayPort 0 must be an integer from 1 to 65535"],
        ],
        [
            "gatewayPort 70000",
            withAlice({ gatewayPort: 70000 }),
            ["kuscia.nodes[0].gatewayPort 70000 must be an integer from 1 to 65535"],
        ],
        [
            "apiGrpcPort 65536",
            withAlice({ apiGrpcPort: 65536 }),
            ["kuscia.nodes[0].apiGrpcPort 65536 must be an integer from 1 to 65535"],
        ],
        [
            "ssh port 0",
            withAlice({ port: 0 }),
            ["kuscia.nodes[0].connection.port 0 must be an integer from 1 to 65535"],
        ],
        [
            'memory "lots"',
            withAlice({ memory: "lots" }),
            ["kuscia.nodes[0].memory 'lots' must be a docker memory size such as 6G, 6GiB, 512M or 1073741824"],
        ],
        [
            "rootDir with a colon (docker -v)",
            withAlice({ rootDir: "/a:b" }),
            [`kuscia.nodes[0].rootDir '/a:b' ${rootDirMessage}`],
        ],
        ["rootDir with a comma", withAlice({ rootDir: "/a,b" }), [`kuscia.nodes[0].rootDir '/a,b' ${rootDirMessage}`]],
        [
            "rootDir relative",
            withAlice({ rootDir: "relative" }),
            [`kuscia.nodes[0].rootDir 'relative' ${rootDirMessage}`],
        ],
        [
            "containerName with a space",
            withAlice({ containerName: "my node" }),
            ["kuscia.nodes[0].containerName 'my node' must match [a-zA-Z0-9][a-zA-Z0-9_.-]* (a docker container name)"],
        ],
        [
            'identity "cloud"',
            withAlice({ identity: "cloud" }),
            ["kuscia.nodes[0].identity 'cloud' must be 'stack' or 'host'"],
        ],
        [
            'containerDriver "k8s"',
            withAlice({ containerDriver: "k8s" }),
            ["kuscia.nodes[0].containerDriver 'k8s' must be 'docker' or 'cli'"],
        ],
        [
            "hostIp 10.0.0.300",
            withAlice({ hostIp: "10.0.0.300" }),
            [`kuscia.nodes[0].hostIp '10.0.0.300' ${ipMessage}`],
        ],
        [
            "a duplicated domainId",
            { nodes: [alice, { ...bob, domainId: "alice" }] },
            ["domainId 'alice' is used by both kuscia.nodes[0] and kuscia.nodes[1]; domain ids must be unique"],
        ],
        [
            "exampleJobFrom not a node",
            { exampleJobFrom: "carol" },
            ["kuscia.exampleJobFrom 'carol' is not one of the nodes' domain ids (alice, bob)"],
        ],
        ["one node", { nodes: [alice] }, ["kuscia.nodes must hold at least 2 nodes, got 1"]],
        ["no nodes", { nodes: [] }, ["kuscia.nodes must hold at least 2 nodes, got 0"]],
        [
            "two nodes on one lab host with one gatewayPort (and the default KusciaAPI ports)",
            { nodes: [alice, { ...bob, labHost: "host1", gatewayPort: 18081 }] },
            [
                "kuscia.nodes[0].gatewayPort and kuscia.nodes[1].gatewayPort both publish port 18081 on host 10.213.0.11:22",
                "kuscia.nodes[0].apiHttpPort and kuscia.nodes[1].apiHttpPort both publish port 13082 on host 10.213.0.11:22",
                "kuscia.nodes[0].apiGrpcPort and kuscia.nodes[1].apiGrpcPort both publish port 13083 on host 10.213.0.11:22",
            ],
        ],
        [
            "real hosts and no key (no privateKeyPath, no kuscia:sshPrivateKey)",
            { nodes: [realHost("alice", "192.0.2.10"), realHost("bob", "192.0.2.20")] },
            [
                "kuscia.nodes[0].connection needs privateKey or password",
                "kuscia.nodes[0].connection.privateKey is required with containerDriver 'docker' (the docker provider's ssh:// transport logs in with a key)",
                "kuscia.nodes[1].connection needs privateKey or password",
                "kuscia.nodes[1].connection.privateKey is required with containerDriver 'docker' (the docker provider's ssh:// transport logs in with a key)",
            ],
        ],
        [
            "a real host with neither host nor user",
            {
                sshPrivateKey: "K",
                nodes: [
                    { domainId: "alice", gatewayPort: 8081, hostKey: "ssh-ed25519 AAAAKEY" },
                    realHost("bob", "192.0.2.20"),
                ],
            },
            [
                "kuscia.nodes[0].connection.host is required",
                "kuscia.nodes[0].connection.user is required (its login decides the container name and the default root dir)",
            ],
        ],
        [
            "a real host by DNS name and no hostIp",
            { sshPrivateKey: "K", nodes: [realHost("alice", "node-a.example"), realHost("bob", "192.0.2.20")] },
            [`kuscia.nodes[0].hostIp (default connection.host) 'node-a.example' ${ipMessage}`],
        ],
        [
            "a real host without its host key",
            {
                sshPrivateKey: "K",
                nodes: [
                    { domainId: "alice", host: "192.0.2.10", user: "kuscia", gatewayPort: 8081 },
                    realHost("bob", "192.0.2.20"),
                ],
            },
            [/^kuscia.nodes\[0\].connection.hostKey is required: .*`ssh-keyscan -t ed25519 192.0.2.10`/],
        ],
    ];
    for (const [title, config, expected] of cases) {
        it(title, () => {
            const problems = validateClusterArgs("kuscia", clusterArgsFromConfig(config, labFiles));
            assert.equal(problems.length, expected.length, problems.join("\n"));
            expected.forEach((e, i) =>
                typeof e === "string" ? assert.equal(problems[i], e) : assert.match(problems[i], e),
            );
        });
    }
});
