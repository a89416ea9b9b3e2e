import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ensureLab, exec, q, ssh, sshOk, tempDir } from "../testing";

const lab = ensureLab();

describe("lab basics", () => {
    const L = lab;
    const [h1, h2] = L.hosts;

    // Lab daemons share /etc/docker/key.json and so the daemon ID; each has its own data root.
    const rootDir = (socket: string) =>
        exec("docker", ["info", "--format", "{{.DockerRootDir}}"], {
            env: { ...process.env, DOCKER_HOST: `unix://${socket}` },
        }).stdout.trim();

    it("hosts.json has the agreed shape", () => {
        assert.equal(L.registry, "10.213.0.1:5000");
        assert.equal(L.image, "10.213.0.1:5000/secretflow/kuscia-sim:0.3.0b0");
        assert.equal(L.image11, "10.213.0.1:5000/secretflow/kuscia-sim:1.1.0b0");
        L.hosts.forEach((h, i) => {
            assert.equal(h.name, `host${i + 1}`);
            assert.equal(h.address, `10.213.0.${11 + i}`);
            assert.equal(h.user, `op${i + 1}`);
            assert.equal(h.home, `/home/op${i + 1}`);
            assert.equal(h.sshPort, 22);
            assert.match(h.hostKey, /^ssh-ed25519 AAAA[A-Za-z0-9+/=]+$/);
            assert.ok(path.isAbsolute(h.privateKeyPath) && fs.existsSync(h.privateKeyPath));
            assert.ok(fs.statSync(h.dockerSocket).isSocket());
        });
        const known = fs.readFileSync(L.knownHostsPath, "utf8");
        for (const h of L.hosts) assert.ok(known.includes(`${h.address} ${h.hostKey}\n`));
    });

    it("ssh logs in as the host's user with the pinned host key", () => {
        for (const h of [h1, h2]) {
            assert.equal(sshOk(L, h, "id -un; echo $HOME").trim(), `${h.user}\n${h.home}`);
        }
    });

    it("ssh refuses a host whose key is not the pinned one", t => {
        const dir = tempDir(t, "klab-kh-");
        const swapped = path.join(dir, "known_hosts");
        fs.writeFileSync(swapped, `${h1.address} ${h2.hostKey}\n`);
        const r = exec("ssh", [
            "-i",
            h1.privateKeyPath,
            "-o",
            "BatchMode=yes",
            "-o",
            `UserKnownHostsFile=${swapped}`,
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "StrictHostKeyChecking=yes",
            `${h1.user}@${h1.address}`,
            "true",
        ]);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    });

    it("docker in an ssh session answers that host's own daemon", () => {
        const roots = [h1, h2].map(h => sshOk(L, h, "docker info --format '{{.DockerRootDir}}'").trim());
        assert.equal(roots[0], rootDir(h1.dockerSocket));
        assert.equal(roots[1], rootDir(h2.dockerSocket));
        assert.notEqual(roots[0], roots[1]);
    });

    it("docker -H ssh://user@host works (docker system dial-stdio over ssh)", t => {
        const dir = tempDir(t, "klab-dockerssh-");
        const config = path.join(dir, "ssh_config");
        fs.writeFileSync(
            config,
            [
                `Host ${h2.address}`,
                `  IdentityFile ${h2.privateKeyPath}`,
                `  IdentitiesOnly yes`,
                `  UserKnownHostsFile ${L.knownHostsPath}`,
                `  GlobalKnownHostsFile /dev/null`,
                `  StrictHostKeyChecking yes`,
                `  BatchMode yes`,
                "",
            ].join("\n"),
        );
        // The docker CLI runs `ssh` from PATH with no way to pass -F; ssh reads ~/.ssh/config from the
        // passwd entry, not $HOME. So an `ssh` first in PATH adds the lab's config.
        fs.mkdirSync(path.join(dir, "bin"));
        fs.writeFileSync(path.join(dir, "bin", "ssh"), `#!/bin/sh\nexec /usr/bin/ssh -F ${config} "$@"\n`, {
            mode: 0o755,
        });
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PATH: `${dir}/bin:${process.env.PATH}`,
            DOCKER_CONFIG: path.join(dir, "docker"),
        };
        delete env.DOCKER_HOST;
        const r = exec("docker", ["-H", `ssh://${h2.user}@${h2.address}`, "info", "--format", "{{.DockerRootDir}}"], {
            env,
        });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), rootDir(h2.dockerSocket));
        const pinned = fs
            .readFileSync(L.knownHostsPath, "utf8")
            .replace(`${h2.address} ${h2.hostKey}`, `${h2.address} ${h1.hostKey}`);
        fs.writeFileSync(path.join(dir, "wrong_known_hosts"), pinned);
        fs.writeFileSync(
            config,
            fs.readFileSync(config, "utf8").replace(L.knownHostsPath, path.join(dir, "wrong_known_hosts")),
        );
        const refused = exec(
            "docker",
            ["-H", `ssh://${h2.user}@${h2.address}`, "info", "--format", "{{.DockerRootDir}}"],
            { env },
        );
        assert.notEqual(refused.status, 0);
        assert.match(refused.stderr, /Host key verification failed/);
    });

    it("sftp puts and gets a file in the user's home", t => {
        const dir = tempDir(t, "klab-sftp-");
        const payload = randomBytes(4096);
        fs.writeFileSync(path.join(dir, "up.bin"), payload);
        fs.writeFileSync(
            path.join(dir, "batch"),
            `put ${dir}/up.bin sftp-probe.bin\nget sftp-probe.bin ${dir}/down.bin\nrm sftp-probe.bin\n`,
        );
        const r = exec("sftp", [
            "-b",
            path.join(dir, "batch"),
            "-i",
            h1.privateKeyPath,
            "-o",
            `UserKnownHostsFile=${L.knownHostsPath}`,
            "-o",
            "StrictHostKeyChecking=yes",
            `${h1.user}@${h1.address}`,
        ]);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(fs.readFileSync(path.join(dir, "down.bin")), payload);
    });

    it("each host pulls the node images by name from the lab registry", () => {
        for (const h of [h1, h2]) {
            for (const image of [L.image, L.image11]) {
                sshOk(L, h, `docker pull -q ${q(image)}`, undefined, 300_000);
                const digests = sshOk(L, h, `docker image inspect --format '{{join .RepoDigests " "}}' ${q(image)}`);
                assert.match(digests, /^10\.213\.0\.1:5000\/secretflow\/kuscia-sim@sha256:[0-9a-f]{64}/);
            }
        }
    });

    it("the 1.1 image runs as the real one: tini as its entrypoint in /home/kuscia, kuscia on the PATH", () => {
        const config = sshOk(L, h1, `docker run --rm ${q(L.image11)} kuscia init --mode autonomy --domain alice`);
        assert.match(config, /^mode: autonomy\ndomainID: alice\ndomainKeyData: [A-Za-z0-9+/=]+\n/);
        const entry = sshOk(
            L,
            h1,
            `docker image inspect --format '{{json .Config.Entrypoint}} {{.Config.WorkingDir}}' ${q(L.image11)}`,
        ).trim();
        assert.equal(entry, '["tini","--"] /home/kuscia');
    });

    it("a container on one host reaches a port published on another host's address", t => {
        const token = randomBytes(8).toString("hex");
        const name = `klab-probe-${token}`;
        const server = `require('http').createServer((q,s)=>s.end(process.env.TOKEN)).listen(8080)`;
        sshOk(
            L,
            h2,
            `docker run -d --name ${name} -e TOKEN=${token} -p 18080:8080 --entrypoint node ${q(L.image)} -e ${q(server)}`,
        );
        t.after(() => ssh(L, h2, `docker rm -f ${name}`));
        const got = sshOk(
            L,
            h1,
            `docker run --rm --entrypoint curl ${q(L.image)} -sS --retry 20 --retry-connrefused --retry-delay 1 ` +
                `http://${h2.address}:18080/`,
        );
        assert.equal(got, token);
    });

    it("lab namespaces route nowhere beyond the lab subnet", () => {
        for (const h of L.hosts) {
            const routes = exec("ip", ["-n", `klab-${h.name}`, "route", "show", "default"]);
            assert.equal(routes.status, 0, routes.stderr);
            assert.equal(routes.stdout.trim(), "");
        }
    });
});
