/** The real Kuscia 0.3 image deploy_p2p_multi_machine_cn.md deploys. */
export const defaultKusciaImage = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:0.3.0b0";
/**
 * The SecretFlow image each generation's deploy script loads into a node and names in its AppImage
 * (0.3: deploy.sh's SECRETFLOW_IMAGE; 1.1: kuscia.sh's).
 */
export const defaultSecretflowImages = {
    "0.3": "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.1.0b0",
    "1.1": "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.11.0b1",
} as const;
export const defaultApiHttpPort = 13082;
export const defaultApiGrpcPort = 13083;
export const defaultMemory = "6G";
export const defaultNetworkName = "kuscia-exchange";
export const defaultReadyTimeoutSeconds = 180;
/**
 * How long a Kuscia 1.1 verify waits for the partner's answer: a gateway that failed its handshake
 * retries on a back-off of up to minutes, and re-rolls a route not Ready for 2 minutes; about 4
 * minutes at worst after the partner added us (the verify also asks for a handshake at once, which
 * the gateway honours, so it is mostly seconds).
 */
export const defaultVerifyTimeoutSeconds = 300;

/** deploy.sh's container name: `${USER}-kuscia-autonomy-${DOMAIN_ID}`. */
export function defaultContainerName(user: string, domainId: string): string {
    return `${user}-kuscia-autonomy-${domainId}`;
}

/** The login's home by convention: /root for root, /home/USER otherwise. */
export function defaultRootDir(user: string): string {
    return user === "root" ? "/root" : `/home/${user}`;
}

/**
 * Docker's memory size (6G, 6GiB, 512m, bytes; binary units, as docker reads them all) in MiB, as the docker provider
 * wants it.
 */
export function memoryMiB(size: string): number {
    const m = /^([0-9]+)(?:([kmgKMG])i?[bB]?|[bB])?$/.exec(size);
    if (!m) {
        throw new Error(`not a memory size: ${size}`);
    }
    const factor: Record<string, number> = { "": 1 / 1048576, k: 1 / 1024, m: 1, g: 1024 };
    return Math.ceil(Number(m[1]) * factor[(m[2] ?? "").toLowerCase()]);
}
