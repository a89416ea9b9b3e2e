import * as os from "node:os";
import * as path from "node:path";

/** Fixed facts of the lab that the library, the image and the tests rely on. */
export const bridge = "klab0";
export const bridgeAddress = "10.213.0.1";
export const prefixLength = 24;
export const registryAddress = `${bridgeAddress}:5000`;
/** The simulator's images, by the Kuscia generation each stands for (lab/kuscia-sim/stage.sh DESTROOT GENERATION). */
export const imageNames = {
    "0.3": `${registryAddress}/secretflow/kuscia-sim:0.3.0b0`,
    "1.1": `${registryAddress}/secretflow/kuscia-sim:1.1.0b0`,
} as const;
export type SimGeneration = keyof typeof imageNames;
export const suite = "bookworm";
export const maxHosts = 20;

export const repoRoot = path.resolve(__dirname, "..");
export const stateDir = path.join(repoRoot, ".lab");
export const hostsJsonPath = path.join(stateDir, "hosts.json");
export const knownHostsPath = path.join(stateDir, "known_hosts");
export const labKeyPath = path.join(stateDir, "ssh", "id_ed25519");
export const registryConfigPath = path.join(stateDir, "registry.yml");
export const registryPidPath = path.join(stateDir, "registry.pid");
export const registryLogPath = path.join(stateDir, "registry.log");
export const buildLogPath = path.join(stateDir, "build.log");

/** Machine-wide runtime dir: short socket paths, and the record of which checkout owns the lab. */
export const runDir = "/run/klab";
export const ownerPath = path.join(runDir, "owner");
export const lockPath = path.join(runDir, "lock");
/**
 * Machine-wide home of the hosts' docker and containerd data (image layers: ~140k files for 8
 * hosts). Outside the checkout because the root program is the checkout, and the Node.js language
 * host walks its whole program directory on every pulumi run (GetRequiredPackages): 2.4 s a run
 * with the layers in .lab/.
 */
export const storeRoot = "/var/lib/klab";

export function cacheDir(): string {
    const base =
        process.env.PULUMI_KUSCIA_CACHE ||
        path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-kuscia");
    return path.join(base, "lab");
}

export interface HostSpec {
    index: number;
    name: string;
    address: string;
    user: string;
    home: string;
    netns: string;
    vethRoot: string;
    dir: string;
    runDir: string;
    /** The host's docker and containerd data, under storeRoot. */
    store: string;
    dockerSocket: string;
    dataRoot: string;
    execRoot: string;
    containerdDir: string;
    containerdSocket: string;
    containerdConfig: string;
    daemonJson: string;
    sshdConfig: string;
    hostKeyPath: string;
}

export function hostSpec(index: number): HostSpec {
    const name = `host${index}`;
    const dir = path.join(stateDir, name);
    const run = path.join(runDir, name);
    const store = path.join(storeRoot, name);
    return {
        index,
        name,
        address: `10.213.0.${10 + index}`,
        user: `op${index}`,
        home: `/home/op${index}`,
        netns: `klab-${name}`,
        vethRoot: `klab-${name}`,
        dir,
        runDir: run,
        store,
        dockerSocket: path.join(dir, "docker.sock"),
        dataRoot: path.join(store, "docker"),
        execRoot: path.join(run, "docker"),
        containerdDir: path.join(store, "containerd"),
        containerdSocket: path.join(run, "containerd.sock"),
        containerdConfig: path.join(dir, "containerd.toml"),
        daemonJson: path.join(dir, "daemon.json"),
        sshdConfig: path.join(dir, "sshd_config"),
        hostKeyPath: path.join(dir, "ssh_host_ed25519_key"),
    };
}
