import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { KusciaCluster } from "./components";
import { ClusterConfig, clusterArgsFromConfig } from "./program";

const config = new pulumi.Config("kuscia");
const settings: ClusterConfig = {
    nodes: config.getObject("nodes"),
    labHostsPath: config.get("labHosts"),
    generation: config.get("generation"),
    image: config.get("image"),
    privileged: config.getBoolean("privileged"),
    exampleJobFrom: config.get("exampleJobFrom"),
    exampleJobWith: config.get("exampleJobWith"),
    exampleJobId: config.get("exampleJobId"),
    verifyTimeoutSeconds: config.getNumber("verifyTimeoutSeconds"),
    sshPrivateKey: config.getSecret("sshPrivateKey"),
};

const cluster = new KusciaCluster(
    "kuscia",
    clusterArgsFromConfig(settings, {
        read: path => fs.readFileSync(path, "utf8"),
        exists: path => fs.existsSync(path),
    }),
);

export const endpoints = cluster.endpoints;
/** KusciaAPI of each node (endpoint, CA, client certificate and key, token): secret. */
export const apis = cluster.apis;
export const exampleJobPhase = cluster.exampleJobPhase;
