import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as tls from "@pulumi/tls";

const config = new pulumi.Config();
const networkName = config.require("networkName");

const key = new tls.PrivateKey("key", { algorithm: "ED25519" });

// The fingerprint travels through the environment, so the command's stdout proves the plugin
// received a value produced by the tls plugin.
const echoFingerprint = new command.local.Command("echo-fingerprint", {
    create: 'printf %s "$FINGERPRINT"',
    environment: { FINGERPRINT: key.publicKeyFingerprintSha256 },
});

// An internal bridge with no host address: no route or iptables rule lands in the root namespace.
const network = new docker.Network("network", {
    name: networkName,
    internal: true,
    options: { "com.docker.network.bridge.inhibit_ipv4": "true" },
});

export const fingerprint = key.publicKeyFingerprintSha256;
export const commandStdout = echoFingerprint.stdout;
export const networkId = network.id;
