// A node whose container name and root dir are secret config, so outputs: the library checks them
// once known, and no step may run with a value that breaks its rule.
import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "pulumi-kuscia";
import { connectionOf, HostConfig } from "../../../../examples/hostConfig";

const config = new pulumi.Config();
const node = new kuscia.KusciaAutonomyNode("carl", {
    domainId: "carl",
    connection: connectionOf(config.requireObject<HostConfig>("host")),
    gatewayPort: 19581,
    apiHttpPort: 20581,
    apiGrpcPort: 21581,
    containerDriver: "cli",
    image: config.require("image"),
    privileged: false,
    memory: "1G",
    containerName: config.requireSecret("containerName"),
    rootDir: config.requireSecret("rootDir"),
});

export const containerName = node.containerName;
