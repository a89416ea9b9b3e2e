import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { sshTarget } from "../core/connection";
import { GenerationContainer } from "../core/containerSpec";
import { defaultSecretflowImages } from "../core/defaults";
import { PeerHandshakeV11 } from "../core/handshake";
import {
    gatewayEndpoint,
    importDemoData,
    InstalledIdentity,
    NodeHost,
    nodeSides,
    onReadyNode,
    openHost,
    registerAppImage,
    startContainer,
    waitReady,
} from "../core/nodeHost";
import { NodeProcedure } from "../core/procedures";
import { fileBundle } from "../core/remoteSteps";
import { Deployment, KusciaApiAccess, kusciaProtocols, KusciaProtocol, NodeContext } from "../core/types";
import { hostAddressProblems } from "../core/validation";
import { stackConfig } from "./config";
import { kusciaHostname } from "./hostname";

/*
 * A Kuscia 1.1.0b0 node as kuscia.sh deploys it (Kuscia 1.1's guide
 * docs/deployment/Docker_deployment_kuscia/deploy_p2p_cn.md): its config as `kuscia init` writes it (the only secret on
 * the host), the container as `kuscia.sh start` runs it (without its TTY and prompts), readiness as kuscia.sh probes
 * it, then the demo tables and the SecretFlow AppImage. The node makes its certificates from the config's key at start.
 */

/** The real Kuscia 1.1 image (`KUSCIA_IMAGE` of Kuscia's 1.1 guide). */
export const kusciaImageV11 = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:1.1.0b0";
/** kuscia.sh's defaults for the ports it publishes besides the gateway and KusciaAPI (`-q`, `-x`). */
export const defaultInternalPort = 13081;
export const defaultMetricsPort = 13084;

const scriptsDir = path.join(__dirname, "scripts");

/**
 * The scheme of the node's gateway and KusciaAPI: http when TLS is off (cmd/kuscia/modules/kusciaapi.go,
 * domainroute.go).
 */
export function schemeOf(protocol: KusciaProtocol | undefined): "http" | "https" {
    return protocol === "NOTLS" ? "http" : "https";
}

function deployNodeV11(ctx: NodeContext): Deployment<PeerHandshakeV11> {
    // kuscia.sh: the config in the certs dir; data, logs, images and k3s in its work dir.
    const certsDir = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-certs`;
    const work = pulumi.interpolate`${ctx.rootDir}/${ctx.containerName}`;
    const dataDir = pulumi.interpolate`${work}/data`;
    const config = pulumi.interpolate`${certsDir}/kuscia.yaml`;
    const host = openHost(ctx, scriptsDir, { CONFIG: config, WORK_DIR: work, NETWORK: ctx.networkName });

    // `kuscia init --mode autonomy --domain ID`: the node's config with its key.
    const identity = installConfig(ctx, host, certsDir, work);

    // kuscia.sh start: the container, with the hostname generate_hostname gives it, then its readiness probe.
    const hostname = pulumi
        .all([ctx.containerName, host.hostName])
        .apply(([ctr, hostName]) => kusciaHostname(ctr, hostName));
    const started = startContainer(ctx, host, container(ctx, hostname, config, work, dataDir), identity);
    const ready = waitReady(ctx, host, started, {
        CONTAINER: ctx.containerName,
        DOMAIN_ID: ctx.domainId,
        HOSTNAME: hostname,
    });

    // Kuscia 1.1's guide's create_domaindata_{alice,bob}_table.sh, then kuscia.sh's AppImage.
    const demoData = ctx.demoData ? importDemoData(ctx, host, ready, dataDir) : undefined;
    const appImage = registerAppImage(ctx, host, ready, { WORK_DIR: work });

    // What partners add: the domain.crt the node made from its key at start.
    const cert = onReadyNode(host, ready, "domain-cert", {
        run: ["domain-cert"],
        values: { CONTAINER: ctx.containerName },
    });
    const endpoint = gatewayEndpoint(ctx);
    // Partners use the public URL's scheme and path when the gateway is behind a proxy.
    const gatewayScheme = (ctx.publicEndpoint?.scheme as "http" | "https" | undefined) ?? schemeOf(ctx.protocol);
    const gatewayPath = ctx.publicEndpoint?.path ? { gatewayPath: ctx.publicEndpoint.path } : {};
    const handshake = pulumi.all([endpoint, cert.stdout]).apply(([e, out]): PeerHandshakeV11 => ({
        // The provider drops the output's last line break; a PEM file ends with one.
        generation: "1.1",
        domainId: ctx.domainId,
        endpoint: e,
        gatewayScheme,
        ...gatewayPath,
        domainCertPem: `${out.trim()}\n`,
    }));
    return {
        ready,
        certsDir,
        dataDir,
        api: apiAccess(ctx, host, ready),
        ...nodeSides(ctx, host, {
            ready,
            endpoint,
            handshake,
            trustValues: { CONTAINER: ctx.containerName },
            apiValues: { API_SCHEME: schemeOf(ctx.protocol) },
            demoData,
            appImage,
        }),
    };
}

/**
 * The names KusciaAPI's server certificate must carry for the node's `api` endpoint to verify from
 * outside the host (the config's kusciaAPISans; by itself the node names only in-container addresses):
 * hostIp, and the public endpoint's host when it is another.
 */
function apiSans(ctx: NodeContext): pulumi.Output<string[]> {
    const publicHost = ctx.publicEndpoint?.endpoint.replace(/:[0-9]+$/, "");
    return ctx.hostIp.apply(ip => [...new Set([ip, ...(publicHost === undefined ? [] : [publicHost])])]);
}

/** The node's config in its certs dir: from this stack's state, or written on the host by `kuscia init`. */
function installConfig(
    ctx: NodeContext,
    host: NodeHost,
    certsDir: pulumi.Output<string>,
    work: pulumi.Output<string>,
): InstalledIdentity {
    const triggers = [sshTarget(ctx.connection), certsDir, host.epoch];
    const dirs = { CERTS_DIR: certsDir, WORK_DIR: work };
    const removeFiles = { onDelete: ["remove-node-files"], deleteValues: { IMAGE: ctx.image, ...dirs } };
    if (ctx.identity === "stack") {
        const config = stackConfig(ctx.name, ctx.domainId, ctx.protocol, apiSans(ctx), { parent: ctx.parent });
        const step = host.run(
            "identity",
            {
                run: ["install-config"],
                values: dirs,
                ...removeFiles,
                stdin: fileBundle([config.file]),
                triggers,
            },
            { deleteBeforeReplace: true },
        );
        return { step, fingerprint: config.fingerprint };
    }
    const step = host.run(
        "identity",
        {
            run: ["host-config"],
            values: {
                IMAGE: ctx.image,
                ...dirs,
                DOMAIN_ID: ctx.domainId,
                ...(ctx.protocol === undefined ? {} : { PROTOCOL: ctx.protocol }),
                API_SANS: apiSans(ctx).apply(sans => sans.join(",")),
            },
            ...removeFiles,
            triggers,
        },
        { deleteBeforeReplace: true },
    );
    return { step, fingerprint: step.stdout.apply(out => out.trim()) };
}

/** The container as `kuscia.sh start` runs it: five published ports, the config, the work dir's parts. */
function container(
    ctx: NodeContext,
    hostname: pulumi.Output<string>,
    config: pulumi.Output<string>,
    work: pulumi.Output<string>,
    dataDir: pulumi.Output<string>,
): GenerationContainer {
    return {
        hostname,
        entrypoint: ["tini", "--"],
        command: ["bin/kuscia", "start", "-c", "etc/conf/kuscia.yaml"],
        env: [],
        ports: [
            { internal: 80, external: ctx.internalPort ?? defaultInternalPort },
            { internal: 1080, external: ctx.gatewayPort },
            { internal: 8082, external: ctx.apiHttpPort },
            { internal: 8083, external: ctx.apiGrpcPort },
            { internal: 9091, external: ctx.metricsPort ?? defaultMetricsPort },
        ],
        mounts: [
            {
                kind: "volume",
                id: "containerd",
                name: pulumi.interpolate`${ctx.containerName}-containerd`,
                target: "/home/kuscia/containerd",
            },
            { kind: "bind", source: config, target: "/home/kuscia/etc/conf/kuscia.yaml" },
            { kind: "bind", source: dataDir, target: "/home/kuscia/var/storage/data" },
            { kind: "bind", source: pulumi.interpolate`${work}/logs`, target: "/home/kuscia/var/stdout" },
            { kind: "bind", source: pulumi.interpolate`${work}/images`, target: "/home/kuscia/var/images" },
            { kind: "bind", source: pulumi.interpolate`${work}/k3s`, target: "/home/kuscia/var/k3s/server/db" },
        ],
    };
}

/**
 * KusciaAPI access as Kuscia's 1.1 guide uses it: the node's CA certificate and key as the client's,
 * and the token file; NOTLS takes plain HTTP and no token.
 */
function apiAccess(
    ctx: NodeContext,
    host: NodeHost,
    ready: Parameters<typeof onReadyNode>[1],
): pulumi.Output<KusciaApiAccess> {
    const endpoint = pulumi.interpolate`${schemeOf(ctx.protocol)}://${ctx.hostIp}:${ctx.apiHttpPort}`;
    if (ctx.protocol === "NOTLS") {
        return pulumi.secret(
            endpoint.apply(e => ({ endpoint: e, caCertPem: "", clientCertPem: "", clientKeyPem: "", token: "" })),
        );
    }
    // ca.key is the config's key: read back only when this stack holds that key anyway.
    const withKey = ctx.identity === "stack";
    const credentials = onReadyNode(host, ready, "api-credentials", {
        run: [withKey ? "api-credentials" : "api-ca-and-token"],
        values: { CONTAINER: ctx.containerName },
        secretStdout: true,
    });
    const blocks = credentials.stdout.apply(text => ({
        pems: text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----\n?/g) ?? [],
        token: /^TOKEN (\S+)$/m.exec(text)?.[1] ?? "",
    }));
    return pulumi.secret(
        pulumi.all([endpoint, blocks]).apply(([e, b]) => ({
            endpoint: e,
            caCertPem: b.pems[0] ?? "",
            clientCertPem: withKey ? (b.pems[0] ?? "") : "",
            clientKeyPem: withKey ? (b.pems[1] ?? "") : "",
            token: b.token,
        })),
    );
}

export const nodeV11: NodeProcedure<PeerHandshakeV11> = {
    scriptsDir,
    defaultImage: kusciaImageV11,
    defaultMemory: "6GiB",
    defaultSecretflowImage: defaultSecretflowImages["1.1"],
    extraPorts: { internalPort: defaultInternalPort, metricsPort: defaultMetricsPort },
    protocols: kusciaProtocols,
    publicEndpointUrls: true,
    hostIpProblems: hostAddressProblems,
    deploy: deployNodeV11,
};
