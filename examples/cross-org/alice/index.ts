import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "pulumi-kuscia";
import { connectionOf, HostConfig } from "../../hostConfig";

// alice's own stack: its host, its secrets. From bob it reads only the published handshake:
// a stack reference (kuscia-org-alice:peerStack) or a JSON file bob sent (kuscia-org-alice:peerFile).
const config = new pulumi.Config();

async function main() {
    // The partner's handshake first, checked as one for alice: a bad one stops the program before any host is touched.
    // Only bob's handshake is taken; with peerFingerprint (bob's trustFingerprint, read out of band), only with bob's certificate.
    const expected: kuscia.PartnerExpectation = { localDomainId: "alice", partnerDomainId: "bob", partnerFingerprint: config.get("peerFingerprint") };
    const peerStack = config.get("peerStack");
    const peerFile = config.get("peerFile");
    const peer = peerStack !== undefined
        ? await kuscia.peerFromStack(new pulumi.StackReference("bob", { name: peerStack }), "handshake", expected)
        : peerFile !== undefined ? kuscia.peerFromFile(peerFile, expected) : undefined;
    const generation = config.get("generation") as kuscia.KusciaGeneration | undefined;
    const node = new kuscia.KusciaAutonomyNode("alice", {
        domainId: "alice",
        generation,
        connection: connectionOf(config.requireObject<HostConfig>("host")),
        gatewayPort: config.getNumber("gatewayPort") ?? 8081,
        image: config.get("image"),
        privileged: config.getBoolean("privileged"),
        protocol: config.get("protocol") as kuscia.KusciaAutonomyNodeArgs["protocol"],
        identity: config.get("identity") as kuscia.KusciaAutonomyNodeArgs["identity"],
        containerDriver: config.get("containerDriver") as kuscia.KusciaAutonomyNodeArgs["containerDriver"],
        demoData: true,
    });
    const trust = new kuscia.MutualAuthorization("alice-bob", {
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
