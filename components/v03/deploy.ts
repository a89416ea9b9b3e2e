import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { sshTarget } from "../core/connection";
import { GenerationContainer } from "../core/containerSpec";
import * as defaults from "../core/defaults";
import { PeerHandshakeV03 } from "../core/handshake";
import {
    gatewayEndpoint,
    importDemoData,
    InstalledIdentity,
    NodeHost,
    nodeSides,
    openHost,
    registerAppImage,
    startContainer,
    waitReady,
} from "../core/nodeHost";
import { NodeProcedure } from "../core/procedures";
import { fileBundle } from "../core/remoteSteps";
import { Deployment, KusciaApiAccess, NodeContext } from "../core/types";
import { hostIpProblems } from "../core/validation";
import { hostIdentity, IdentityFiles, stackIdentity } from "./identity";

/*
 * A Kuscia 0.3.0b0 node as deploy.sh deploys it (deploy_p2p_multi_machine_cn.md, "部署 alice 节点"):
 * certs and data dirs under the login's home, the node's certificates made by
 * init_domain_certs.sh, init_external_tls_cert.sh and init_kusciaapi_cert.sh, the container started
 * with start_autonomy.sh, then the demo tables and the SecretFlow AppImage.
 */

/**
 * deploy.sh's REGISTRY_ENDPOINT, from which the node's agent pulls images named without a registry:
 * the SecretFlow image's `registry/bucket` when it has exactly two slashes, else SecretFlow's registry
 * (init_sf_image_info, generate_env_flag).
 */
export function registryEndpoint(secretflowImage: string): string {
    const parts = secretflowImage.split("/");
    return parts.length === 3
        ? `${parts[0]}/${parts[1]}`
        : "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow";
}

const scriptsDir = path.join(__dirname, "scripts");

function deployNodeV03(ctx: NodeContext): Deployment<PeerHandshakeV03> {
    // deploy.sh: the certs and data dirs it mounts into the container.
    const certsDir = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-certs`;
    const dataDir = pulumi.interpolate`${ctx.rootDir}/kuscia-autonomy-${ctx.domainId}-data`;
    const host = openHost(ctx, scriptsDir, { CERTS_DIR: certsDir, DATA_DIR: dataDir, NETWORK: ctx.networkName });

    // init_domain_certs.sh, init_external_tls_cert.sh, init_kusciaapi_cert.sh: the node's identity.
    const identity = installIdentity(ctx, host, certsDir, dataDir);

    // docker run ... start_autonomy.sh, as deploy.sh's start_kuscia_container.
    const started = startContainer(ctx, host, container(ctx, certsDir, dataDir), identity);
    const ready = waitReady(ctx, host, started, { CONTAINER: ctx.containerName, DOMAIN_ID: ctx.domainId });

    // deploy.sh's create_domaindata_table, then create_secretflow_app_image.
    const demoData = ctx.demoData ? importDemoData(ctx, host, ready, dataDir) : undefined;
    const appImage = registerAppImage(ctx, host, ready);

    const endpoint = gatewayEndpoint(ctx);
    const handshake = pulumi
        .all([endpoint, identity.files.csrPem, identity.files.caCertPem])
        .apply(([e, csrPem, caCertPem]): PeerHandshakeV03 => ({
            generation: "0.3",
            domainId: ctx.domainId,
            endpoint: e,
            csrPem,
            caCertPem,
        }));
    return {
        ready,
        certsDir,
        dataDir,
        api: apiAccess(ctx, identity.files),
        ...nodeSides(ctx, host, {
            ready,
            endpoint,
            handshake,
            trustValues: { CONTAINER: ctx.containerName, CERTS_DIR: certsDir },
            apiValues: {},
            demoData,
            appImage,
        }),
    };
}

/** The node's identity in its certs dir: from this stack's state, or made on the host by Kuscia's init scripts. */
function installIdentity(
    ctx: NodeContext,
    host: NodeHost,
    certsDir: pulumi.Output<string>,
    dataDir: pulumi.Output<string>,
): InstalledIdentity & { files: IdentityFiles } {
    const triggers = [sshTarget(ctx.connection), certsDir, host.epoch];
    const removeCertsDir = { onDelete: ["remove-certs-dir"], deleteValues: { CERTS_DIR: certsDir } };
    if (ctx.identity === "stack") {
        const files = stackIdentity(ctx.name, ctx.domainId, ctx.hostIp, { parent: ctx.parent });
        const step = host.run(
            "identity",
            {
                run: ["install-identity"],
                values: { CERTS_DIR: certsDir, DATA_DIR: dataDir },
                ...removeCertsDir,
                stdin: fileBundle(files.files),
                triggers,
            },
            { deleteBeforeReplace: true },
        );
        return { step, fingerprint: files.fingerprint, files };
    }
    const step = host.run(
        "identity",
        {
            run: ["host-identity"],
            ...removeCertsDir,
            values: {
                IMAGE: ctx.image,
                CERTS_DIR: certsDir,
                DATA_DIR: dataDir,
                DOMAIN_ID: ctx.domainId,
                HOST_IP: ctx.hostIp,
                CONTAINER: ctx.containerName,
            },
            triggers,
        },
        { deleteBeforeReplace: true },
    );
    const credentials = host.run(
        "api-credentials",
        {
            run: ["api-credentials"],
            values: { IMAGE: ctx.image, CERTS_DIR: certsDir },
            triggers: [step.stdout],
            secretStdout: true,
        },
        { dependsOn: [step] },
    );
    const files = hostIdentity(step.stdout, credentials.stdout);
    return { step, fingerprint: files.fingerprint, files };
}

/** The container as deploy.sh runs it: NAMESPACE, three published ports, the certs and data dirs. */
function container(
    ctx: NodeContext,
    certsDir: pulumi.Output<string>,
    dataDir: pulumi.Output<string>,
): GenerationContainer {
    return {
        hostname: ctx.containerName,
        entrypoint: ["bin/entrypoint.sh"],
        command: ["tini", "--", "scripts/deploy/start_autonomy.sh", ctx.domainId],
        env: [
            `NAMESPACE=${ctx.domainId}`,
            pulumi.interpolate`REGISTRY_ENDPOINT=${ctx.secretflowImage.apply(registryEndpoint)}`,
        ],
        ports: [
            { internal: 1080, external: ctx.gatewayPort },
            { internal: 8082, external: ctx.apiHttpPort },
            { internal: 8083, external: ctx.apiGrpcPort },
        ],
        mounts: [
            {
                kind: "volume",
                id: "containerd",
                name: pulumi.interpolate`${ctx.containerName}-containerd`,
                target: "/home/kuscia/containerd",
            },
            { kind: "bind", source: "/tmp", target: "/tmp" },
            { kind: "bind", source: certsDir, target: "/home/kuscia/etc/certs" },
            { kind: "bind", source: dataDir, target: "/home/kuscia/var/storage/data" },
        ],
    };
}

/** KusciaAPI over HTTPS with the node's CA, its client certificate and token (init_kusciaapi_cert.sh's files). */
function apiAccess(ctx: NodeContext, files: IdentityFiles): pulumi.Output<KusciaApiAccess> {
    return pulumi.secret(
        pulumi
            .all([
                ctx.hostIp,
                ctx.apiHttpPort,
                files.caCertPem,
                files.apiClientCertPem,
                files.apiClientKeyPem,
                files.apiToken,
            ])
            .apply(([ip, port, caCertPem, clientCertPem, clientKeyPem, token]) => ({
                endpoint: `https://${ip}:${port}`,
                caCertPem,
                clientCertPem,
                clientKeyPem,
                token,
            })),
    );
}

export const nodeV03: NodeProcedure<PeerHandshakeV03> = {
    scriptsDir,
    defaultImage: defaults.defaultKusciaImage,
    defaultMemory: defaults.defaultMemory,
    defaultSecretflowImage: defaults.defaultSecretflowImages["0.3"],
    extraPorts: {},
    protocols: [],
    publicEndpointUrls: false,
    hostIpProblems,
    deploy: deployNodeV03,
};
