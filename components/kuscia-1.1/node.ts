import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { sshTarget } from "../connection";
import { GenerationContainer } from "../containerSpec";
import { HostFacts, NodeContext, NodeGeneration, NodeIdentity, NodeLayout, OnHost, PublishedNode } from "../generation";
import { fileBundle } from "../remoteSteps";
import { hostAddressProblems } from "../validation";
import { defaultSecretflowImages } from "../defaults";
import { stackConfig } from "./config";
import { kusciaHostname } from "./hostname";
import { kusciaProtocols, plainHttp, schemeOf } from "./protocol";

/** The real Kuscia 1.1 image (`KUSCIA_IMAGE` of the 1.1.0b0 guide). */
export const kuscia11Image = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:1.1.0b0";
/** kuscia.sh's defaults for the ports it publishes besides the gateway and KusciaAPI (`-q`, `-x`). */
export const defaultInternalPort = 13081;
export const defaultMetricsPort = 13084;

/** The work dir kuscia.sh makes for the container: `${ROOT}/<container>`, holding data, logs, images and k3s. */
function workDir(ctx: NodeContext): pulumi.Output<string> {
    return pulumi.interpolate`${ctx.rootDir}/${ctx.containerName}`;
}

/** The config, in the certs dir: the node's only secret on the host. */
function configPath(certsDir: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.interpolate`${certsDir}/kuscia.yaml`;
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

function containerHostname(ctx: NodeContext, host: HostFacts): pulumi.Output<string> {
    return pulumi.all([ctx.containerName, host.hostName]).apply(([ctr, hostName]) => kusciaHostname(ctr, hostName));
}

/**
 * A Kuscia 1.1.0b0 node as the guide makes it: its config as `kuscia init` writes it (the only
 * secret on the host), the container as `kuscia.sh start` runs it (without its TTY and prompts), and
 * readiness as kuscia.sh probes it. The node makes its certificates from the config's key at start.
 */
export const node11: NodeGeneration = {
    scriptsDir: path.join(__dirname, "scripts"),
    defaultImage: kuscia11Image,
    defaultMemory: "6GiB",
    defaultSecretflowImage: defaultSecretflowImages["1.1"],
    extraPorts: { internalPort: defaultInternalPort, metricsPort: defaultMetricsPort },
    protocols: kusciaProtocols,
    hostIpProblems: hostAddressProblems,
    publicEndpointUrls: true,

    layout(ctx: NodeContext): NodeLayout {
        const certsDir = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-certs`;
        const dataDir = pulumi.interpolate`${workDir(ctx)}/data`;
        return { certsDir, dataDir, probeValues: { CONFIG: configPath(certsDir), WORK_DIR: workDir(ctx), NETWORK: ctx.networkName } };
    },

    identity(ctx: NodeContext, layout: NodeLayout, onHost: OnHost, host: HostFacts): NodeIdentity {
        const where = sshTarget(ctx.connection);
        const dirs = { CERTS_DIR: layout.certsDir, WORK_DIR: workDir(ctx) };
        const removeFiles = { onDelete: ["remove-node-files"], deleteValues: { IMAGE: ctx.image, ...dirs } };
        if (ctx.identity === "stack") {
            const config = stackConfig(ctx.name, ctx.domainId, ctx.protocol, apiSans(ctx), { parent: ctx.parent });
            const step = onHost("identity", {
                run: ["install-config"], values: dirs, ...removeFiles, stdin: fileBundle([config.file]),
                triggers: [where, layout.certsDir, host.epoch],
            }, { deleteBeforeReplace: true });
            return { step, fingerprint: config.fingerprint };
        }
        const step = onHost("identity", {
            run: ["host-config"], values: {
                IMAGE: ctx.image, ...dirs, DOMAIN_ID: ctx.domainId, ...(ctx.protocol === undefined ? {} : { PROTOCOL: ctx.protocol }),
                API_SANS: apiSans(ctx).apply(sans => sans.join(",")),
            }, ...removeFiles,
            triggers: [where, layout.certsDir, host.epoch],
        }, { deleteBeforeReplace: true });
        return { step, fingerprint: step.stdout.apply(out => out.trim()) };
    },

    container(ctx: NodeContext, layout: NodeLayout, host: HostFacts): GenerationContainer {
        const work = workDir(ctx);
        return {
            hostname: containerHostname(ctx, host),
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
                { kind: "volume", id: "containerd", name: pulumi.interpolate`${ctx.containerName}-containerd`, target: "/home/kuscia/containerd" },
                { kind: "bind", source: configPath(layout.certsDir), target: "/home/kuscia/etc/conf/kuscia.yaml" },
                { kind: "bind", source: layout.dataDir, target: "/home/kuscia/var/storage/data" },
                { kind: "bind", source: pulumi.interpolate`${work}/logs`, target: "/home/kuscia/var/stdout" },
                { kind: "bind", source: pulumi.interpolate`${work}/images`, target: "/home/kuscia/var/images" },
                { kind: "bind", source: pulumi.interpolate`${work}/k3s`, target: "/home/kuscia/var/k3s/server/db" },
            ],
        };
    },

    ready(ctx, host, timeoutSeconds) {
        return { run: ["wait-ready"], values: { CONTAINER: ctx.containerName, DOMAIN_ID: ctx.domainId, HOSTNAME: containerHostname(ctx, host), TIMEOUT_SECONDS: timeoutSeconds } };
    },

    published(ctx: NodeContext, identity: NodeIdentity, onHost: OnHost, ready): PublishedNode {
        const after = { dependsOn: [ready] };
        const cert = onHost("domain-cert", { run: ["domain-cert"], values: { CONTAINER: ctx.containerName }, triggers: [ready.id] }, after);
        const apiScheme = schemeOf(ctx.protocol);
        // Partners use the public URL's scheme and path when the gateway is behind a proxy.
        const gateway = { gatewayScheme: ctx.publicEndpoint?.scheme ?? apiScheme, ...(ctx.publicEndpoint?.path ? { gatewayPath: ctx.publicEndpoint.path } : {}) };
        // The provider drops the output's last line break; a PEM file ends with one.
        const publicMaterial = cert.stdout.apply((out): Record<string, string> => ({ domainCertPem: `${out.trim()}\n`, ...gateway }));
        const endpoint = pulumi.interpolate`${apiScheme}://${ctx.hostIp}:${ctx.apiHttpPort}`;
        if (plainHttp(ctx.protocol)) {
            // NOTLS: KusciaAPI takes plain HTTP and no token.
            return { publicMaterial, api: pulumi.secret(endpoint.apply(e => ({ endpoint: e, caCertPem: "", clientCertPem: "", clientKeyPem: "", token: "" }))) };
        }
        // ca.key is the config's key: read back only when this stack holds that key anyway.
        const withKey = ctx.identity === "stack";
        const credentials = onHost("api-credentials", {
            run: [withKey ? "api-credentials" : "api-ca-and-token"], values: { CONTAINER: ctx.containerName }, triggers: [ready.id], secretStdout: true,
        }, after);
        const blocks = credentials.stdout.apply(text => ({
            pems: text.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----\n?/g) ?? [],
            token: /^TOKEN (\S+)$/m.exec(text)?.[1] ?? "",
        }));
        return {
            publicMaterial,
            // The guide's KusciaAPI client: the node's CA certificate and key (guide:212), the token file.
            api: pulumi.secret(pulumi.all([endpoint, blocks]).apply(([e, b]) => ({
                endpoint: e, caCertPem: b.pems[0] ?? "", clientCertPem: withKey ? b.pems[0] ?? "" : "", clientKeyPem: withKey ? b.pems[1] ?? "" : "", token: b.token,
            }))),
        };
    },

    demoData(ctx, layout) {
        return { run: ["copy-demo-tables", "import-demo-data"], values: { CONTAINER: ctx.containerName, DOMAIN_ID: ctx.domainId, DATA_DIR: layout.dataDir } };
    },

    appImage(ctx, repo, tag, load) {
        return { run: [...(load ? ["import-engine-image"] : []), "register-app-image"], values: { CONTAINER: ctx.containerName, WORK_DIR: workDir(ctx), APP_IMAGE_REPO: repo, APP_IMAGE_TAG: tag } };
    },

    trustValues(ctx) {
        return { CONTAINER: ctx.containerName };
    },

    apiValues(ctx) {
        return { API_SCHEME: schemeOf(ctx.protocol) };
    },
};
