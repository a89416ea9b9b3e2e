import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { sshTarget } from "../connection";
import { GenerationContainer } from "../containerSpec";
import * as defaults from "../defaults";
import { HostFacts, NodeContext, NodeGeneration, NodeIdentity, NodeLayout, OnHost } from "../generation";
import { fileBundle } from "../remoteSteps";
import { hostIpProblems } from "../validation";
import { hostIdentity, stackIdentity } from "./identity";

/** The named volume that holds the node container's containerd (its images and their layers). */
function containerdVolumeName(containerName: string): string {
    return `${containerName}-containerd`;
}


/** A Kuscia 0.3.0b0 node as the seed's deploy.sh makes it: certs and data dirs on the host, NAMESPACE, three ports. */
/**
 * deploy.sh's REGISTRY_ENDPOINT, from which the node's agent pulls images named without a registry:
 * the SecretFlow image's `registry/bucket` when it has exactly two slashes, else SecretFlow's registry
 * (init_sf_image_info, generate_env_flag).
 */
export function registryEndpoint(secretflowImage: string): string {
    const parts = secretflowImage.split("/");
    return parts.length === 3 ? `${parts[0]}/${parts[1]}` : "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow";
}

export const node03: NodeGeneration = {
    scriptsDir: path.join(__dirname, "scripts"),
    defaultImage: defaults.defaultKusciaImage,
    defaultMemory: defaults.defaultMemory,
    defaultSecretflowImage: defaults.defaultSecretflowImages["0.3"],
    extraPorts: {},
    protocols: [],

    layout(ctx: NodeContext): NodeLayout {
        const certsDir = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-certs`;
        const dataDir = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-data`;
        return { certsDir, dataDir, probeValues: { CERTS_DIR: certsDir, DATA_DIR: dataDir, NETWORK: ctx.networkName } };
    },

    identity(ctx: NodeContext, layout: NodeLayout, onHost: OnHost, host: HostFacts): NodeIdentity {
        const hostEpoch = host.epoch;
        const { certsDir, dataDir } = layout;
        const where = sshTarget(ctx.connection);
        const child = { parent: ctx.parent };
        const removeCertsDir = { onDelete: ["remove-certs-dir"], deleteValues: { CERTS_DIR: certsDir } };
        let files;
        let step;
        if (ctx.identity === "stack") {
            files = stackIdentity(ctx.name, ctx.domainId, ctx.hostIp, child);
            step = onHost("identity", {
                run: ["install-identity"], values: { CERTS_DIR: certsDir, DATA_DIR: dataDir }, ...removeCertsDir,
                stdin: fileBundle(files.files),
                triggers: [where, certsDir, hostEpoch],
            }, { deleteBeforeReplace: true });
        } else {
            step = onHost("identity", {
                run: ["host-identity"], ...removeCertsDir,
                values: { IMAGE: ctx.image, CERTS_DIR: certsDir, DATA_DIR: dataDir, DOMAIN_ID: ctx.domainId, HOST_IP: ctx.hostIp, CONTAINER: ctx.containerName },
                triggers: [where, certsDir, hostEpoch],
            }, { deleteBeforeReplace: true });
            const credentials = onHost("api-credentials", {
                run: ["read-api-credentials"], values: { IMAGE: ctx.image, CERTS_DIR: certsDir },
                triggers: [step.stdout], secretStdout: true,
            }, { dependsOn: [step] });
            files = hostIdentity(step.stdout, credentials.stdout);
        }
        return {
            step,
            fingerprint: files.fingerprint,
            published: {
                publicMaterial: pulumi.all({ csrPem: files.csrPem, caCertPem: files.caCertPem }),
                api: pulumi.secret(pulumi.all([ctx.hostIp, ctx.apiHttpPort, files.caCertPem, files.apiClientCertPem,
                    files.apiClientKeyPem, files.apiToken]).apply(([ip, port, caCertPem, clientCertPem, clientKeyPem, token]) =>
                    ({ endpoint: `https://${ip}:${port}`, caCertPem, clientCertPem, clientKeyPem, token }))),
            },
        };
    },

    hostIpProblems: hostIpProblems,
    publicEndpointUrls: false,

    published(ctx, identity) {
        return identity.published!;
    },

    container(ctx: NodeContext, layout: NodeLayout, host: HostFacts): GenerationContainer {
        return {
            hostname: ctx.containerName,
            entrypoint: ["bin/entrypoint.sh"],
            command: ["tini", "--", "scripts/deploy/start_autonomy.sh", ctx.domainId],
            env: [`NAMESPACE=${ctx.domainId}`, pulumi.interpolate`REGISTRY_ENDPOINT=${ctx.secretflowImage.apply(registryEndpoint)}`],
            ports: [
                { internal: 1080, external: ctx.gatewayPort },
                { internal: 8082, external: ctx.apiHttpPort },
                { internal: 8083, external: ctx.apiGrpcPort },
            ],
            mounts: [
                { kind: "volume", id: "containerd", name: ctx.containerName.apply(containerdVolumeName), target: "/home/kuscia/containerd" },
                { kind: "bind", source: "/tmp", target: "/tmp" },
                { kind: "bind", source: layout.certsDir, target: "/home/kuscia/etc/certs" },
                { kind: "bind", source: layout.dataDir, target: "/home/kuscia/var/storage/data" },
            ],
        };
    },

    ready(ctx, host, timeoutSeconds) {
        return { run: ["wait-ready"], values: { CONTAINER: ctx.containerName, DOMAIN_ID: ctx.domainId, TIMEOUT_SECONDS: timeoutSeconds } };
    },

    demoData(ctx, layout) {
        return { run: ["copy-demo-tables", "import-demo-data"], values: { CONTAINER: ctx.containerName, DOMAIN_ID: ctx.domainId, DATA_DIR: layout.dataDir } };
    },

    appImage(ctx, repo, tag, load) {
        return { run: [...(load ? ["import-engine-image"] : []), "register-app-image"], values: { CONTAINER: ctx.containerName, APP_IMAGE_REPO: repo, APP_IMAGE_TAG: tag } };
    },

    trustValues(ctx, layout) {
        return { CONTAINER: ctx.containerName, CERTS_DIR: layout.certsDir };
    },

    apiValues() {
        return {};
    },
};
