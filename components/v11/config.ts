import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { fingerprintOf } from "../core/fingerprint";
import { FileEntry } from "../core/remoteSteps";
import { KusciaProtocol } from "../core/types";

/**
 * The node's config as `kuscia init --mode autonomy --domain ID` writes it, with the key held in this stack's state.
 */
export interface StackConfig {
    /** kuscia.yaml for the certs dir (secret). */
    file: FileEntry;
    /** Changes whenever the config does: the container must then restart. */
    fingerprint: pulumi.Output<string>;
}

/**
 * The autonomy fields `kuscia init` sets, in its order (cmd/kuscia/confloader/kuscia_config.go:
 * CommonConfig, then runtime and datastoreEndpoint; every other field is left at its zero value,
 * which is what a missing field reads as). `domainKeyData` is base64 of the PKCS#1 PEM of a 2048-bit
 * RSA key, as init generates it (pkg/utils/tls/crypt.go); tls.PrivateKey's privateKeyPem is PKCS#1 for RSA.
 * `protocol` is left out when empty, as init leaves it. Then `kusciaAPISans`, which init does not set:
 * the names KusciaAPI's server certificate carries besides its own (kuscia_config.go AdvancedConfig).
 */
export function kusciaYaml(
    domainId: string,
    keyPem: string,
    protocol: KusciaProtocol | undefined,
    apiSans: string[],
): string {
    return [
        "mode: autonomy",
        `domainID: ${domainId}`,
        `domainKeyData: ${Buffer.from(keyPem, "utf8").toString("base64")}`,
        "logLevel: INFO",
        ...(protocol === undefined ? [] : [`protocol: ${protocol}`]),
        "runtime: runc",
        'datastoreEndpoint: ""',
        ...(apiSans.length === 0 ? [] : ["kusciaAPISans:", ...apiSans.map(san => `- ${san}`)]),
        "",
    ].join("\n");
}

export function stackConfig(
    name: string,
    domainId: string,
    protocol: KusciaProtocol | undefined,
    apiSans: pulumi.Output<string[]>,
    opts: pulumi.CustomResourceOptions,
): StackConfig {
    const key = new tls.PrivateKey(`${name}-domain-key`, { algorithm: "RSA", rsaBits: 2048 }, opts);
    const content = pulumi.secret(
        pulumi.all([key.privateKeyPem, apiSans]).apply(([pem, sans]) => kusciaYaml(domainId, pem, protocol, sans)),
    );
    return {
        file: { name: "kuscia.yaml", mode: "600", content },
        fingerprint: pulumi
            .all([key.publicKeyPem, apiSans])
            .apply(([pub, sans]) => fingerprintOf([kusciaYaml(domainId, "-", protocol, sans), pub])),
    };
}
