import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "pulumi-kuscia";
import { connectionOf, HostConfig } from "../hostConfig";

const config = new pulumi.Config();
const image = config.get("image");
const privileged = config.getBoolean("privileged");

function nodeConfig(domainId: string, gatewayPort: number): kuscia.KusciaAutonomyNodeArgs {
    const c = new pulumi.Config(domainId);
    return {
        domainId,
        connection: connectionOf(c.requireObject<HostConfig>("host")),
        gatewayPort: c.getNumber("gatewayPort") ?? gatewayPort,
        image: c.get("image") ?? image,
        memory: c.get("memory"),
        privileged,
        identity: c.get("identity") as kuscia.KusciaAutonomyNodeArgs["identity"],
        containerDriver: c.get("containerDriver") as kuscia.KusciaAutonomyNodeArgs["containerDriver"],
        demoData: true,
    };
}

const args = [nodeConfig("alice", 8081), nodeConfig("bob", 8082)];
const [alice, bob] = args.map(a => new kuscia.KusciaAutonomyNode(a.domainId, a));
const trust = new kuscia.MutualAuthorization("alice-bob", { nodes: [alice, bob] });
const job = new kuscia.ExamplePsiJob("psi", {
    node: alice,
    jobId: config.get("jobId") ?? "psi-two-party",
    after: [trust],
});

export const endpoints = { alice: alice.endpoint, bob: bob.endpoint };
export const containers = { alice: alice.containerName, bob: bob.containerName };
export const certsDirs = { alice: alice.certsDir, bob: bob.certsDir };
export const trustStatus = trust.message;
export const jobPhase = job.phase;
