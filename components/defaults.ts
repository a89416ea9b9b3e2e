/** The real Kuscia 0.3 image the seed deploys. */
export const defaultKusciaImage = "secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:0.3.0b0";
export const defaultApiHttpPort = 13082;
export const defaultApiGrpcPort = 13083;
export const defaultMemory = "6G";
export const defaultNetworkName = "kuscia-exchange";
export const defaultReadyTimeoutSeconds = 180;

/** The seed's container name: `${USER}-kuscia-autonomy-${DOMAIN_ID}`. */
export function defaultContainerName(user: string, domainId: string): string {
    return `${user}-kuscia-autonomy-${domainId}`;
}

/** The login's home by convention: /root for root, /home/USER otherwise. */
export function defaultRootDir(user: string): string {
    return user === "root" ? "/root" : `/home/${user}`;
}

/** Docker's memory size (6G, 6GiB, 512m, bytes; binary units, as docker reads them all) in MiB, as the docker provider wants it. */
export function memoryMiB(size: string): number {
    const m = /^([0-9]+)(?:([kmgKMG])i?[bB]?|[bB])?$/.exec(size);
    if (!m) {
        throw new Error(`not a memory size: ${size}`);
    }
    const factor: Record<string, number> = { "": 1 / 1048576, k: 1 / 1024, m: 1, g: 1024 };
    return Math.ceil(Number(m[1]) * factor[(m[2] ?? "").toLowerCase()]);
}
