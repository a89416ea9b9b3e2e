import * as fs from "node:fs";
import * as path from "node:path";
import {
  HostSpec, hostSpec, hostsJsonPath, imageName, knownHostsPath, labKeyPath, maxHosts, ownerPath,
  registryAddress, repoRoot, runDir, stateDir,
} from "./config";
import { teardownHost, ensureHost } from "./host";
import { stopDocker } from "./dockerd";
import { ensureImage } from "./image-build";
import { removeTree, unmountUnder } from "./mounts";
import { ensureBridge, labNamespaces, removeBridge, removeHostNetwork } from "./network";
import { isOurs, readPid, run } from "./proc";
import { registryRunning, startRegistry, stopRegistry } from "./registry";
import { ensureLabKey, hostKeyOf, writeKnownHosts } from "./ssh-keys";
import { knownHostIndexes, owner, setOwner, withLock, writeHosts } from "./state";
import { removeUser, userExists } from "./users";

function assertRoot(): void {
  if (process.getuid?.() !== 0) throw new Error("the lab needs root (namespaces, users, daemons)");
}

/** Unix socket paths are limited to 107 bytes; the docker sockets live in the checkout's .lab/. */
function assertSocketPaths(n: number): void {
  const longest = hostSpec(n).dockerSocket;
  if (Buffer.byteLength(longest) > 107) throw new Error(`checkout path too long for a unix socket: ${longest}`);
}

/** True when any daemon recorded under another checkout's .lab still runs. */
function labAliveAt(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  const pidFiles = [path.join(dir, "registry.pid")];
  for (const e of fs.readdirSync(dir)) {
    if (/^host\d+$/.test(e)) for (const f of ["containerd.pid", "dockerd.pid", "sshd.pid"]) pidFiles.push(path.join(dir, e, f));
  }
  return pidFiles.some((f) => isOurs(readPid(f), dir));
}

/** Hosts whose machine-wide traces (namespace, user) exist, whoever left them. */
function tracedHosts(): HostSpec[] {
  const idx = new Set<number>(knownHostIndexes());
  for (const ns of labNamespaces()) idx.add(Number(ns.replace("klab-host", "")));
  for (let i = 1; i <= maxHosts; i++) if (userExists(hostSpec(i))) idx.add(i);
  return [...idx].sort((a, b) => a - b).map(hostSpec);
}

/** A lab left by another checkout (e.g. the session tree while CI runs in a fresh clone). */
async function clearForeignLab(): Promise<void> {
  const other = owner();
  if (!other || other === stateDir) return;
  if (labAliveAt(other)) throw new Error(`the lab is up from ${path.dirname(other)}; run 'npm run lab -- down' there first`);
  console.log(`clearing the stale lab left by ${path.dirname(other)}`);
  unmountUnder(other);
  for (const h of tracedHosts()) {
    await stopDocker(h);
    unmountUnder(h.runDir);
    removeHostNetwork(h);
    await removeUser(h);
  }
  fs.rmSync(ownerPath, { force: true });
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
    const image = await ensureImage(hosts[0]);
    console.log(`${imageName}: ${image}`);
    const entries = hosts.map((h) => ({ h, hostKey: hostKeyOf(h) }));
    writeKnownHosts(entries.map((e) => ({ address: e.h.address, hostKey: e.hostKey })));
    writeHosts({
      registry: registryAddress,
      image: imageName,
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
    fs.rmSync(ownerPath, { force: true });
    unmountUnder(runDir);
  });
  fs.rmSync(runDir, { recursive: true, force: true });
  console.log(`lab down in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
