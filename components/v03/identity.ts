import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { fingerprintOf } from "../core/fingerprint";
import { FileEntry } from "../core/remoteSteps";

const tenYears = 24 * 365 * 10;

/** The files of a node's certs dir that the node's own identity consists of (before any partner). */
export interface IdentityFiles {
    csrPem: pulumi.Output<string>;
    caCertPem: pulumi.Output<string>;
    apiClientCertPem: pulumi.Output<string>;
    apiClientKeyPem: pulumi.Output<string>;
    apiToken: pulumi.Output<string>;
    /** Every file for the certs dir; private parts are secret. */
    files: FileEntry[];
    /** Changes whenever any public part of the identity changes: the container must then restart. */
    fingerprint: pulumi.Output<string>;
}

function rsaKey(name: string, opts: pulumi.CustomResourceOptions): tls.PrivateKey {
    return new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 2048 }, opts);
}

function caSigned(
    name: string,
    args: {
        commonName: pulumi.Input<string>;
        dnsNames?: string[];
        ipAddresses?: pulumi.Input<string>[];
        uses: string[];
    },
    ca: { key: tls.PrivateKey; cert: tls.SelfSignedCert },
    opts: pulumi.CustomResourceOptions,
): { key: tls.PrivateKey; cert: tls.LocallySignedCert } {
    const key = rsaKey(`${name}-key`, opts);
    const csr = new tls.CertRequest(
        `${name}-csr`,
        {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: args.commonName },
            dnsNames: args.dnsNames,
            ipAddresses: args.ipAddresses,
        },
        opts,
    );
    const cert = new tls.LocallySignedCert(
        `${name}-cert`,
        {
            certRequestPem: csr.certRequestPem,
            caPrivateKeyPem: ca.key.privateKeyPem,
            caCertPem: ca.cert.certPem,
            validityPeriodHours: tenYears,
            allowedUses: args.uses,
        },
        opts,
    );
    return { key, cert };
}

/**
 * The node's identity as @pulumi/tls resources in the stack's state, laid out as Kuscia's init
 * scripts would lay out the certs dir. Rebuilding the host gives the same identity back.
 */
export function stackIdentity(
    name: string,
    domainId: pulumi.Input<string>,
    hostIp: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): IdentityFiles {
    const domainKey = rsaKey(`${name}-domain-key`, opts);
    const domainCsr = new tls.CertRequest(
        `${name}-domain-csr`,
        {
            privateKeyPem: domainKey.privateKeyPem,
            subject: { commonName: domainId },
        },
        opts,
    );
    const caKey = rsaKey(`${name}-ca-key`, opts);
    const caCert = new tls.SelfSignedCert(
        `${name}-ca-cert`,
        {
            privateKeyPem: caKey.privateKeyPem,
            subject: { commonName: "Kuscia" },
            isCaCertificate: true,
            validityPeriodHours: tenYears,
            allowedUses: ["cert_signing", "crl_signing", "digital_signature", "key_encipherment"],
        },
        opts,
    );
    const ca = { key: caKey, cert: caCert };
    const serverSans = { dnsNames: ["localhost"], ipAddresses: ["127.0.0.1", hostIp] };
    const gateway = caSigned(
        `${name}-gateway`,
        {
            commonName: pulumi.interpolate`${domainId}_ENVOY_EXTERNAL`,
            ...serverSans,
            uses: ["digital_signature", "key_encipherment", "server_auth"],
        },
        ca,
        opts,
    );
    const apiServer = caSigned(
        `${name}-api-server`,
        {
            commonName: "KusciaAPI",
            ...serverSans,
            uses: ["digital_signature", "key_encipherment", "server_auth"],
        },
        ca,
        opts,
    );
    const apiClient = caSigned(
        `${name}-api-client`,
        {
            commonName: "KusciaAPIClient",
            uses: ["digital_signature", "key_encipherment", "client_auth"],
        },
        ca,
        opts,
    );
    // The API token is a secret that must stay stable across runs: derived from a key held in state.
    // 64 hex characters, as init_kusciaapi_cert.sh makes it (the sha256sum of a random string).
    const tokenSeed = new tls.PrivateKey(`${name}-api-token-seed`, { algorithm: "ED25519" }, opts);
    const apiToken = pulumi.secret(
        tokenSeed.privateKeyPem.apply(pem => crypto.createHash("sha256").update(pem).digest("hex")),
    );

    const secretFile = (fileName: string, content: pulumi.Output<string>): FileEntry => ({
        name: fileName,
        mode: "600",
        content: pulumi.secret(content),
    });
    const publicFile = (fileName: string, content: pulumi.Output<string>): FileEntry => ({
        name: fileName,
        mode: "644",
        content,
    });
    // Key formats as Kuscia's init scripts write them and its Go code reads them: domain.key and
    // ca.key must be PKCS#1 (`RSA PRIVATE KEY`, parsed by ParsePKCS1PrivateKey), which is what
    // tls.PrivateKey's privateKeyPem is for RSA; the KusciaAPI client key is PKCS#8 (genpkey), for Java clients.
    const files = [
        secretFile("domain.key", domainKey.privateKeyPem),
        publicFile("domain.csr", domainCsr.certRequestPem),
        secretFile("ca.key", caKey.privateKeyPem),
        publicFile("ca.crt", caCert.certPem),
        secretFile("external_tls.key", gateway.key.privateKeyPem),
        publicFile("external_tls.crt", gateway.cert.certPem),
        secretFile("kusciaapi-server.key", apiServer.key.privateKeyPem),
        publicFile("kusciaapi-server.crt", apiServer.cert.certPem),
        secretFile("kusciaapi-client.key", apiClient.key.privateKeyPemPkcs8),
        publicFile("kusciaapi-client.crt", apiClient.cert.certPem),
        secretFile("token", apiToken),
    ];
    return {
        csrPem: domainCsr.certRequestPem,
        caCertPem: caCert.certPem,
        apiClientCertPem: apiClient.cert.certPem,
        apiClientKeyPem: pulumi.secret(apiClient.key.privateKeyPemPkcs8),
        apiToken,
        files,
        fingerprint: pulumi.all(files.filter(f => f.mode === "644").map(f => f.content)).apply(fingerprintOf),
    };
}

function pemBlocks(text: string): string[] {
    return text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----\n?/g) ?? [];
}

/**
 * The public identity of a node whose keys were made on its host: host-identity.sh prints the CSR,
 * the CA certificate and the gateway certificate; api-credentials.sh prints the API client certificate, key and token.
 */
export function hostIdentity(publicPart: pulumi.Output<string>, credentials: pulumi.Output<string>): IdentityFiles {
    const blocks = publicPart.apply(pemBlocks);
    const cred = credentials.apply(text => ({
        blocks: pemBlocks(text),
        token: /^TOKEN (\S+)$/m.exec(text)?.[1] ?? "",
    }));
    return {
        csrPem: blocks.apply(b => b[0] ?? ""),
        caCertPem: blocks.apply(b => b[1] ?? ""),
        apiClientCertPem: cred.apply(c => c.blocks[0] ?? ""),
        apiClientKeyPem: pulumi.secret(cred.apply(c => c.blocks[1] ?? "")),
        apiToken: pulumi.secret(cred.apply(c => c.token)),
        files: [],
        fingerprint: publicPart.apply(text => fingerprintOf([text])),
    };
}
