import * as pulumi from "@pulumi/pulumi";
import * as kuscia from "pulumi-kuscia";
import { connectionOf, HostConfig } from "../hostConfig";

// One organisation's own stack: its host, its secrets. Stack `alice` (Pulumi.alice.yaml) is alice's node,
// stack `bob` (Pulumi.bob.yaml) is bob's; each stack file names the organisation's domain id, its partner's
// and its gateway port. From the partner it reads only the published handshake: a stack reference
// (kuscia-org:peerStack) or a JSON file the partner sent (kuscia-org:peerFile).
const config = new pulumi.Config();

async function main() {
    const domainId = config.require("domainId");
    const partner = config.require("partner");
    // The partner's handshake first, checked as one for this organisation: a bad one stops the program
    // before any host is touched. Only the partner's handshake is taken; with peerFingerprint (the
    // partner's trustFingerprint, read out of band), only with the partner's certificate.
    const expected: kuscia.PartnerExpectation = {
        localDomainId: domainId,
        partnerDomainId: partner,
        partnerFingerprint: config.get("peerFingerprint"),
    };
    const peerStack = config.get("peerStack");
    const peerFile = config.get("peerFile");
    const peer =
        peerStack !== undefined
            ? await kuscia.peerFromStack(new pulumi.StackReference(partner, { name: peerStack }), "handshake", expected)
            : peerFile !== undefined
              ? kuscia.peerFromFile(peerFile, expected)
              : undefined;
    const generation = config.get("generation") as kuscia.KusciaGeneration | undefined;
    const node = new kuscia.KusciaAutonomyNode(domainId, {
        domainId,
        generation,
        connection: connectionOf(config.requireObject<HostConfig>("host")),
        gatewayPort: config.requireNumber("gatewayPort"),
        image: config.get("image"),
        privileged: config.getBoolean("privileged"),
        protocol: config.get("protocol") as kuscia.KusciaAutonomyNodeArgs["protocol"],
        identity: config.get("identity") as kuscia.KusciaAutonomyNodeArgs["identity"],
        containerDriver: config.get("containerDriver") as kuscia.KusciaAutonomyNodeArgs["containerDriver"],
        demoData: true,
    });
    const trust = new kuscia.MutualAuthorization(`${domainId}-${partner}`, {
        local: node,
        partnerDomainId: expected.partnerDomainId,
        partnerFingerprint: expected.partnerFingerprint,
        peer,
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
