import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "pulumi-kuscia";
import { connectionOf, HostConfig } from "../../hostConfig";

// bob's own stack: its host, its secrets. From alice it reads only the published handshake:
// a stack reference (kuscia-org-bob:peerStack) or a JSON file alice sent (kuscia-org-bob:peerFile).
const config = new pulumi.Config();

async function main() {
    // The partner's handshake first, checked as one for bob: a bad one stops the program before any host is touched.
    // Only alice's handshake is taken; with peerFingerprint (alice's trustFingerprint, read out of band), only with alice's certificate.
    const expected: kuscia.PartnerExpectation = { localDomainId: "bob", partnerDomainId: "alice", partnerFingerprint: config.get("peerFingerprint") };
    const peerStack = config.get("peerStack");
    const peerFile = config.get("peerFile");
    const peer = peerStack !== undefined
        ? await kuscia.peerFromStack(new pulumi.StackReference("alice", { name: peerStack }), "handshake", expected)
        : peerFile !== undefined ? kuscia.peerFromFile(peerFile, expected) : undefined;
    const generation = config.get("generation") as kuscia.KusciaGeneration | undefined;
    const node = new kuscia.KusciaAutonomyNode("bob", {
        domainId: "bob",
        generation,
        connection: connectionOf(config.requireObject<HostConfig>("host")),
        gatewayPort: config.getNumber("gatewayPort") ?? 8082,
        image: config.get("image"),
        privileged: config.getBoolean("privileged"),
        protocol: config.get("protocol") as kuscia.KusciaAutonomyNodeArgs["protocol"],
        identity: config.get("identity") as kuscia.KusciaAutonomyNodeArgs["identity"],
        containerDriver: config.get("containerDriver") as kuscia.KusciaAutonomyNodeArgs["containerDriver"],
        demoData: true,
    });
    const trust = new kuscia.MutualAuthorization("bob-alice", {
        local: node, partnerDomainId: expected.partnerDomainId, partnerFingerprint: expected.partnerFingerprint, peer,
    });
    return {
        handshake: trust.handshake,
        status: trust.status,
        message: trust.message,
        trustFingerprint: node.trustFingerprint,
        endpoint: node.endpoint,
        containerName: node.containerName,
        certsDir: node.certsDir,
        dataDir: node.dataDir,
    };
}

export = main();
