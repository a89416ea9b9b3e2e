// The root program's stack config (program/): its parser, the lab defaults, and a table of bad config
// with the parser's exact messages.
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import "./harness";
import { KusciaValidationError } from "../../components";
import { validateClusterArgs } from "../../components/kusciaCluster";
import { ClusterConfig, clusterArgsFromConfig, ConfigFiles, LabHostsFile } from "../../program";

const lab: LabHostsFile = {
    image: "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0",
    hosts: [1, 2, 3].map(i => ({
        name: `host${i}`, address: `10.213.0.1${i}`, sshPort: 22, user: `op${i}`,
        privateKeyPath: "/lab/id_ed25519", hostKey: `ssh-ed25519 KEY${i}`,
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
        assert.deepEqual(args.nodes.map(n => [n.domainId, n.connection.host, n.connection.user, n.connection.hostKey, n.gatewayPort, n.image, n.privileged]), [
            ["alice", "10.213.0.11", "op1", "ssh-ed25519 KEY1", 18081, lab.image, false],
            ["bob", "10.213.0.12", "op2", "ssh-ed25519 KEY2", 18082, lab.image, false],
        ]);
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
    });

    it("takes kuscia:nodes null as absent (the lab's default nodes)", () => {
        assert.deepEqual(clusterArgsFromConfig({ nodes: null }, labFiles).nodes.map(n => n.domainId), ["alice", "bob"]);
    });

    it("takes explicit nodes with real hosts and the secret key from config", () => {
        const args = clusterArgsFromConfig({
            sshPrivateKey: "SECRET",
            image: "img:1",
            nodes: [
                { domainId: "alice", host: "192.0.2.10", user: "kuscia", gatewayPort: 8081 },
                { domainId: "bob", host: "192.0.2.20", user: "kuscia", gatewayPort: 8082, identity: "host", containerDriver: "cli" },
            ],
            exampleJobFrom: "alice",
        }, files({}));
        assert.equal(args.nodes[1].connection.privateKey, "SECRET");
        assert.equal(args.nodes[0].image, "img:1");
        assert.equal(args.nodes[0].privileged, undefined);
        assert.equal(args.nodes[1].identity, "host");
        assert.equal(args.exampleJobFrom, "alice");
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
    });

    it("takes every node field as `pulumi config set` gives it (JSON)", () => {
        const nodes = JSON.parse(JSON.stringify([
            {
                domainId: "alice", labHost: "host1", host: "10.213.0.11", port: 22, user: "op1", privateKeyPath: "/lab/id_ed25519",
                hostKey: "ssh-ed25519 KEY1", hostIp: "10.213.0.11", gatewayPort: 18081, apiHttpPort: 19081, apiGrpcPort: 20081,
                image: "img:1", rootDir: "/srv/kuscia", containerName: "alice-node", privileged: true, memory: "2G",
                identity: "host", containerDriver: "cli", demoData: false,
            },
            { domainId: "bob", labHost: "host2", gatewayPort: 18082 },
        ]));
        const args = clusterArgsFromConfig({ nodes }, labFiles);
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
        assert.equal(args.nodes[0].rootDir, "/srv/kuscia");
        assert.equal(args.nodes[0].demoData, false);
    });

    it("reports every problem of the config at once", () => {
        assert.throws(() => clusterArgsFromConfig({
            nodes: [
                { domainId: "alice", labHost: "host9", gatewayPort: 1 },
                { domainId: "bob", host: "192.0.2.20", user: "k", privateKeyPath: "/missing", gatewayPort: 2 },
            ],
        }, labFiles), (e: Error) => e.message === [
            "invalid input:",
            "- kuscia:nodes[0].labHost 'host9' is not in the lab (hosts: host1, host2, host3); run `npm run lab -- up N` with more hosts",
            "- kuscia:nodes[1].privateKeyPath /missing does not exist",
        ].join("\n"));
    });

    it("says how to get a lab when there is none", () => {
        assert.throws(() => clusterArgsFromConfig({}, files({})),
            /kuscia:labHosts: .lab\/hosts.json does not exist; run `npm run lab -- up` first or give kuscia:nodes with real hosts/);
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

const noLab = "kuscia:labHosts: .lab/hosts.json does not exist; run `npm run lab -- up` first or give kuscia:nodes with real hosts";
const rewriteLab = "run `npm run lab -- up` to write it again";
const nodeFields = "domainId, labHost, host, port, user, privateKeyPath, hostKey, hostIp, gatewayPort, apiHttpPort, apiGrpcPort, image, "
    + "rootDir, containerName, privileged, memory, identity, containerDriver, demoData";

describe("bad root program config: the parser's messages (clusterArgsFromConfig throws)", () => {
    const cases: [string, ClusterConfig, ConfigFiles, string[]][] = [
        ["no lab hosts file (the default nodes are on the lab)", {}, files({}), [noLab]],
        ["no lab hosts file for kuscia:nodes on lab hosts", withAlice({}), files({}), [noLab]],
        ["no lab hosts file where kuscia:labHosts says", { labHostsPath: "/srv/lab/hosts.json" }, labFiles,
            ["kuscia:labHosts: /srv/lab/hosts.json does not exist; run `npm run lab -- up` first or give kuscia:nodes with real hosts"]],
        ["lab hosts file not JSON", {}, files({ ".lab/hosts.json": "{\"image\": ", "/lab/id_ed25519": "K" }),
            [`kuscia:labHosts: .lab/hosts.json is not JSON; ${rewriteLab}`]],
        ["lab hosts file of another shape", {}, files({ ".lab/hosts.json": JSON.stringify({ image: lab.image, hosts: { host1: {} } }) }),
            [`kuscia:labHosts: .lab/hosts.json is not the lab's hosts file (image, and hosts each with name, address, sshPort, user, privateKeyPath and hostKey); ${rewriteLab}`]],
        ["lab host with a string sshPort", {}, files({ ".lab/hosts.json": JSON.stringify({ ...lab, hosts: [{ ...lab.hosts[0], sshPort: "22" }] }) }),
            [`kuscia:labHosts: .lab/hosts.json is not the lab's hosts file (image, and hosts each with name, address, sshPort, user, privateKeyPath and hostKey); ${rewriteLab}`]],
        ["unknown labHost", withAlice({ labHost: "host9" }), labFiles,
            ["kuscia:nodes[0].labHost 'host9' is not in the lab (hosts: host1, host2, host3); run `npm run lab -- up N` with more hosts"]],
        ["missing privateKeyPath file", withAlice({ privateKeyPath: "/home/me/.ssh/gone" }), labFiles,
            ["kuscia:nodes[0].privateKeyPath /home/me/.ssh/gone does not exist"]],
        ["the lab's key file gone (the lab host's privateKeyPath)", {}, files({ ".lab/hosts.json": JSON.stringify(lab) }),
            ["kuscia:nodes[0].privateKeyPath /lab/id_ed25519 does not exist", "kuscia:nodes[1].privateKeyPath /lab/id_ed25519 does not exist"]],
        ["kuscia:nodes not a list", { nodes: { alice: { gatewayPort: 18081 } } }, labFiles,
            ["kuscia:nodes must be a list of nodes, got {\"alice\":{\"gatewayPort\":18081}}"]],
        ["a node that is not an object", { nodes: ["alice", bob] }, labFiles,
            ["kuscia:nodes[0] must be an object of node fields, got \"alice\""]],
        ["gatewayPort a string", withAlice({ gatewayPort: "18081" }), labFiles,
            ["kuscia:nodes[0].gatewayPort must be an integer, got \"18081\""]],
        ["gatewayPort a fraction", withAlice({ gatewayPort: 18081.5 }), labFiles,
            ["kuscia:nodes[0].gatewayPort must be an integer, got 18081.5"]],
        ["gatewayPort null", withAlice({ gatewayPort: null }), labFiles,
            ["kuscia:nodes[0].gatewayPort must be an integer, got null"]],
        ["apiHttpPort and apiGrpcPort strings", withAlice({ apiHttpPort: "13082", apiGrpcPort: "13083" }), labFiles,
            ["kuscia:nodes[0].apiHttpPort must be an integer, got \"13082\"", "kuscia:nodes[0].apiGrpcPort must be an integer, got \"13083\""]],
        ["ssh port a string", withAlice({ port: "22" }), labFiles, ["kuscia:nodes[0].port must be an integer, got \"22\""]],
        ["no domainId", aliceWithout("domainId"), labFiles, ["kuscia:nodes[0].domainId is required"]],
        ["no gatewayPort", aliceWithout("gatewayPort"), labFiles, ["kuscia:nodes[0].gatewayPort is required"]],
        ["domainId a number", withAlice({ domainId: 7 }), labFiles, ["kuscia:nodes[0].domainId must be a string, got 7"]],
        ["memory a number", withAlice({ memory: 6 }), labFiles, ["kuscia:nodes[0].memory must be a string, got 6"]],
        ["containerName a number", withAlice({ containerName: 123 }), labFiles, ["kuscia:nodes[0].containerName must be a string, got 123"]],
        ["identity a list", withAlice({ identity: ["host"] }), labFiles, ["kuscia:nodes[0].identity must be a string, got [\"host\"]"]],
        ["labHost a number", withAlice({ labHost: 1 }), labFiles, ["kuscia:nodes[0].labHost must be a string, got 1"]],
        ["privileged a string", withAlice({ privileged: "false" }), labFiles, ["kuscia:nodes[0].privileged must be true or false, got \"false\""]],
        ["demoData a number", withAlice({ demoData: 1 }), labFiles, ["kuscia:nodes[0].demoData must be true or false, got 1"]],
        ["a misspelt field", { nodes: [{ domainId: "alice", labHost: "host1", gatewayport: 18081 }, bob] }, labFiles,
            [`kuscia:nodes[0].gatewayport is not a node field (fields: ${nodeFields})`, "kuscia:nodes[0].gatewayPort is required"]],
        ["type and lab problems at once", { nodes: [{ ...alice, labHost: "host9", gatewayPort: "1" }, { ...bob, privateKeyPath: "/gone" }] }, labFiles, [
            "kuscia:nodes[0].gatewayPort must be an integer, got \"1\"",
            "kuscia:nodes[0].labHost 'host9' is not in the lab (hosts: host1, host2, host3); run `npm run lab -- up N` with more hosts",
            "kuscia:nodes[1].privateKeyPath /gone does not exist",
        ]],
    ];
    for (const [title, config, f, expected] of cases) {
        it(title, () => assert.deepEqual(configProblems(config, f), expected));
    }
});
