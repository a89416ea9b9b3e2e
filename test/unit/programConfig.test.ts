import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import "./harness";
import { validateClusterArgs } from "../../components/kusciaCluster";
import { clusterArgsFromConfig, ConfigFiles, LabHostsFile } from "../../program";

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

describe("root program config", () => {
    it("defaults to alice and bob on the lab's first two hosts, unprivileged, with the lab's image", () => {
        const args = clusterArgsFromConfig({}, labFiles);
        assert.deepEqual(args.nodes.map(n => [n.domainId, n.connection.host, n.connection.user, n.connection.hostKey, n.gatewayPort, n.image, n.privileged]), [
            ["alice", "10.213.0.11", "op1", "ssh-ed25519 KEY1", 18081, lab.image, false],
            ["bob", "10.213.0.12", "op2", "ssh-ed25519 KEY2", 18082, lab.image, false],
        ]);
        assert.deepEqual(validateClusterArgs("kuscia", args), []);
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
