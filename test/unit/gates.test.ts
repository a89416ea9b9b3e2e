import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { failedRegistrations, named, plain, registrations, settle, testHostKey } from "./harness";
import * as kuscia from "../../components";

const connection = (host: pulumi.Input<string>) => ({ host, user: "op", privateKey: "k", hostKey: testHostKey });
const remoteOf = (prefix: string) =>
    registrations.filter(r => r.name.startsWith(prefix) && r.type.startsWith("command:remote:"));

describe("arguments given as outputs are checked before any step takes them", () => {
    it("a computed container name that breaks the rule reaches no step: the node's connection waits for the check", async () => {
        const reported = await failedRegistrations(async () => {
            new kuscia.KusciaAutonomyNode("gx", {
                domainId: "gx",
                connection: connection("10.213.0.61"),
                gatewayPort: 8081,
                privileged: false,
                containerDriver: "cli",
                containerName: pulumi.output("../../etc"),
            });
            await settle();
        });
        assert.deepEqual(
            remoteOf("gx-").map(r => r.name),
            [],
            "no remote command, copy or probe is registered",
        );
        assert.ok(
            reported.some(r =>
                /gx.containerName '..\/..\/etc' must match \[a-zA-Z0-9\]\[a-zA-Z0-9_.-\]\* \(a docker container name\)/.test(
                    String(r),
                ),
            ),
            reported.join("\n"),
        );
    });

    it("so does a computed host that is no IPv4 address, a computed SSH port and a computed network name", async () => {
        for (const [name, over, message] of [
            [
                "gy",
                { connection: connection(pulumi.output("node.example")) },
                /gy.hostIp \(default connection.host\) 'node.example' must be an IPv4 address/,
            ],
            [
                "gz",
                { connection: { ...connection("10.213.0.63"), port: pulumi.output(0) } },
                /gz.connection.port 0 must be an integer from 1 to 65535/,
            ],
            ["gw", { networkName: pulumi.output("a;b") }, /gw.networkName 'a;b' must match/],
        ] as const) {
            const reported = await failedRegistrations(async () => {
                const base: kuscia.KusciaAutonomyNodeArgs = {
                    domainId: name,
                    connection: connection("10.213.0.62"),
                    gatewayPort: 8081,
                    privileged: false,
                };
                new kuscia.KusciaAutonomyNode(name, { ...base, ...over });
                await settle();
            });
            assert.deepEqual(
                remoteOf(`${name}-`).map(r => r.name),
                [],
                name,
            );
            assert.equal(
                registrations.some(r => r.name === `${name}-docker`),
                false,
                `${name}: no docker provider either`,
            );
            assert.ok(
                reported.some(r => message.test(String(r))),
                `${name}: ${reported.join("\n")}`,
            );
        }
    });

    it("computed values that pass go through, and the steps take them", async () => {
        new kuscia.KusciaAutonomyNode("gv", {
            domainId: "gv",
            connection: connection(pulumi.output("10.213.0.64")),
            gatewayPort: pulumi.output(8081),
            privileged: false,
            containerDriver: "cli",
            containerName: pulumi.output("gv-node"),
        });
        await settle();
        assert.equal(plain(named("gv-container").inputs.connection).host, "10.213.0.64");
        assert.match(plain(named("gv-container").inputs.create), /CONTAINER=gv-node/);
    });
});

describe("SSH host keys", () => {
    it("without one, only the explicit opt-out goes through, with a warning, and the docker driver then pins nothing", async () => {
        assert.throws(
            () =>
                new kuscia.KusciaAutonomyNode("hk", {
                    domainId: "hk",
                    connection: { host: "10.213.0.65", user: "op", privateKey: "k" },
                    gatewayPort: 8081,
                }),
            /hk.connection.hostKey is required/,
        );
        new kuscia.KusciaAutonomyNode("hl", {
            domainId: "hl",
            connection: { host: "10.213.0.66", user: "op", privateKey: "k" },
            gatewayPort: 8081,
            insecureAcceptAnyHostKey: true,
        });
        await settle();
        const opts = JSON.parse(named("hl-docker").inputs.sshOpts);
        assert.ok(
            opts.includes("StrictHostKeyChecking=no") && opts.includes("UserKnownHostsFile=/dev/null"),
            opts.join(" "),
        );
        assert.equal(named("hl-host-probe").inputs.acceptAnyHostKey, true);
    });
});
