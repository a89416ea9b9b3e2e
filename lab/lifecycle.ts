import * as fs from "node:fs";
import * as path from "node:path";
import {
    buildLogPath,
    hostSpec,
    hostsJsonPath,
    imageNames,
    knownHostsPath,
    labKeyPath,
    ownerPath,
    registryAddress,
    repoRoot,
    runDir,
    stateDir,
    storeRoot,
} from "./config";
import { ensureHost, teardownHost } from "./host";
import { SimGeneration } from "./config";
import { dockerEnv, ensureImage } from "./image-build";
import { removeTree, unmountUnder } from "./mounts";
import { ensureSecretflowStandIns } from "./secretflow-stand-in";
import { ensureBridge, removeBridge } from "./network";
import { run, runLogged } from "./proc";
import { registryRunning, startRegistry, stopRegistry } from "./registry";
import { ensureLabKey, hostKeyOf, writeKnownHosts } from "./ssh-keys";
import { knownHostIndexes, owner, setOwner, withLock, writeHosts } from "./state";
import { clearForeignLab, labAliveAt, tracedHosts } from "./takeover";

function assertRoot(): void {
    if (process.getuid?.() !== 0) throw new Error("the lab needs root (namespaces, users, daemons)");
}

/** Unix socket paths are limited to 107 bytes; the docker sockets live in the checkout's .lab/. */
function assertSocketPaths(n: number): void {
    const longest = hostSpec(n).dockerSocket;
    if (Buffer.byteLength(longest) > 107) throw new Error(`checkout path too long for a unix socket: ${longest}`);
}

export async function up(requested: number): Promise<void> {
    assertRoot();
    const started = Date.now();
    await withLock(async () => {
        run("bash", [path.join(repoRoot, "scripts", "install-debian-deps.sh")]);
        await clearForeignLab();
        fs.mkdirSync(stateDir, { recursive: true, mode: 0o755 });
        fs.chmodSync(stateDir, 0o755);
        setOwner();
        const n = Math.max(requested, ...knownHostIndexes());
        assertSocketPaths(n);
        ensureBridge();
        const publicKey = ensureLabKey();
        const hosts = Array.from({ length: n }, (_, i) => hostSpec(i + 1));
        for (const h of hosts) {
            const how = await ensureHost(h, publicKey);
            console.log(`${h.name} ${h.address} (${h.user}): ${how}`);
        }
        if (!registryRunning()) {
            await stopRegistry();
            await startRegistry();
        }
        for (const generation of Object.keys(imageNames) as SimGeneration[]) {
            console.log(`${imageNames[generation]}: ${await ensureImage(hosts[0], generation)}`);
        }
        // A host keeps the copy it pulled before a rebuild: have each fetch the registry's current ones.
        await Promise.all(
            hosts.map(async h => {
                for (const name of Object.values(imageNames))
                    await runLogged("docker", ["pull", "-q", name], buildLogPath, dockerEnv(h));
            }),
        );
        hosts.forEach(ensureSecretflowStandIns);
        const entries = hosts.map(h => ({ h, hostKey: hostKeyOf(h) }));
        writeKnownHosts(entries.map(e => ({ address: e.h.address, hostKey: e.hostKey })));
        writeHosts({
            registry: registryAddress,
            image: imageNames["0.3"],
            image11: imageNames["1.1"],
            knownHostsPath,
            hosts: entries.map(({ h, hostKey }) => ({
                name: h.name,
                address: h.address,
                sshPort: 22,
                user: h.user,
                privateKeyPath: labKeyPath,
                hostKey,
                dockerSocket: h.dockerSocket,
                home: h.home,
            })),
        });
    });
    console.log(`lab up with ${hostsJsonPath} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function down(): Promise<void> {
    assertRoot();
    const started = Date.now();
    await withLock(async () => {
        const other = owner();
        if (other && other !== stateDir && labAliveAt(other)) {
            throw new Error(`the lab is up from ${path.dirname(other)}; run 'npm run lab -- down' there`);
        }
        for (const h of tracedHosts()) {
            const t0 = Date.now();
            await teardownHost(h);
            console.log(`${h.name}: removed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
        await stopRegistry();
        removeBridge();
        removeTree(stateDir);
        removeTree(storeRoot);
        fs.rmSync(ownerPath, { force: true });
        unmountUnder(runDir);
    });
    fs.rmSync(runDir, { recursive: true, force: true });
    console.log(`lab down in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
