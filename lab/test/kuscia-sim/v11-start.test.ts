import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import * as yaml from "js-yaml";
import { tempRootV11, V11Node } from "./helpers/node-v11";
import { run } from "./helpers/run";

const UNPRIVILEGED =
    "overlay / overlay rw,relatime 0 0\ncgroup /sys/fs/cgroup/pids cgroup ro,nosuid,nodev,noexec,relatime,pids 0 0\n";

describe("kuscia start: var/certs and the node's own objects (Kuscia 1.1.0b0)", () => {
    let root: string;
    let node: V11Node;
    let config: any;

    before(async () => {
        root = tempRootV11("start");
        node = await V11Node.create("alice", root);
        config = yaml.load(await node.init());
        await node.start();
    });
    after(async () => {
        await node?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("domain.key and ca.key are the config's key as it was given (PKCS#1 from kuscia init)", () => {
        // cmd/kuscia/confloader/kuscia_config.go (CAKeyData = DomainKeyData); pkg/utils/tls/crypt.go ParseEncodedKey.
        const given = Buffer.from(config.domainKeyData, "base64").toString();
        assert.equal(fs.readFileSync(node.file("domain.key"), "utf8"), given);
        assert.equal(fs.readFileSync(node.file("ca.key"), "utf8"), given);
        assert.equal(crypto.createPrivateKey(given).export({ type: "pkcs1", format: "pem" }), given, "PKCS#1");
    });

    it("ca.crt and domain.crt are self-signed CN=alice by that key, serial 1, a CA for 50 years", () => {
        // cmd/kuscia/modules/runtime.go LoadCaDomainKeyAndCert; crypt.go ParseCertWithGenerated.
        const key = crypto.createPrivateKey(fs.readFileSync(node.file("domain.key")));
        for (const f of ["ca.crt", "domain.crt"]) {
            const c = new crypto.X509Certificate(fs.readFileSync(node.file(f)));
            assert.equal(c.subject, "CN=alice");
            assert.equal(c.issuer, "CN=alice");
            assert.equal(c.serialNumber, "01");
            assert.ok(c.ca);
            assert.ok(c.checkPrivateKey(key));
            assert.ok(c.verify(c.publicKey));
            const years = (Date.parse(c.validTo) - Date.parse(c.validFrom)) / (365.25 * 86400e3);
            assert.ok(Math.abs(years - 50) < 0.1, `${f}: ${years} years`);
        }
    });

    it("the token is the first 32 characters of base64(RSA-SHA256(domain id)): the same for the same key", () => {
        // cmd/kuscia/modules/kusciaapi.go (tokenData[:32]); crypt.go SignWithRSA.
        const key = crypto.createPrivateKey(fs.readFileSync(node.file("domain.key")));
        const expected = crypto.sign("sha256", Buffer.from("alice"), key).toString("base64").slice(0, 32);
        assert.equal(fs.readFileSync(node.file("token"), "utf8"), expected);
    });

    it("the KusciaAPI server certificate is CN=KusciaAPI, signed by the node's CA", () => {
        // pkg/web/framework/config/tls_server_config.go GenerateServerKeyCerts; kusciaapi.go (CommonName KusciaAPI, SAN
        // kusciaapi).
        const c = new crypto.X509Certificate(fs.readFileSync(node.file("kusciaapi-server.crt")));
        assert.equal(c.subject, "CN=KusciaAPI");
        assert.ok(c.verify(new crypto.X509Certificate(fs.readFileSync(node.file("ca.crt"))).publicKey));
        assert.match(c.subjectAltName ?? "", /DNS:kusciaapi/);
        assert.match(c.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
    });

    it(
        "its own Domain carries base64(domain.crt); the " + "gateway lists the host name in the domain's namespace",
        async () => {
            // cmd/kuscia/modules/k3s.go createDefaultDomain; kuscia.sh probe: kubectl get gateways -n ID | grep -ci
            // HOST.
            assert.equal(
                await node.jsonpath(["domain", "alice"], "{.spec.cert}"),
                fs.readFileSync(node.file("domain.crt")).toString("base64"),
            );
            const r = await node.kubectl(["get", "gateways", "-n", "alice"]);
            assert.equal(r.stdout.split("\n").filter(l => l.includes("test-kuscia-autonomy-alice-host")).length, 1);
        },
    );

    it(
        "answers kuscia.sh's probes: k3s on 6443 401 to anyone, " +
            "datamesh /healthZ 200 over mTLS with ca.crt/ca.key",
        async () => {
            // scripts/deploy/kuscia.sh probe_k3s, probe_datamesh (do_http_probe accepts 200, 401, 404);
            // cmd/kuscia/modules/datamesh.go.
            const code = async (args: string[]) =>
                (await run("curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", ...args]))
                    .stdout;
            assert.equal(await code([`https://127.0.0.1:${node.k3sPort}`]), "401");
            assert.equal(
                await code([
                    "--cacert",
                    node.file("ca.crt"),
                    "--cert",
                    node.file("ca.crt"),
                    "--key",
                    node.file("ca.key"),
                    `https://127.0.0.1:${node.datameshPort}/healthZ`,
                ]),
                "200",
            );
            assert.equal(await code([`https://127.0.0.1:${node.datameshPort}/healthZ`]), "000");
        },
    );

    it("a new start with the certificates gone makes new ones from the same key; the Domain follows", async () => {
        // runtime.go: the certificates are generated when their files are missing (a new container).
        const before = fs.readFileSync(node.file("domain.crt"), "utf8");
        await node.stop();
        fs.rmSync(node.certs, { recursive: true });
        // Validity starts at the second of the start, and the signature is deterministic: within the same second the
        // certificate would be the same.
        await new Promise(r => setTimeout(r, 1100));
        await node.start();
        const after = fs.readFileSync(node.file("domain.crt"), "utf8");
        assert.notEqual(after, before);
        const pub = (pem: string) =>
            new crypto.X509Certificate(pem).publicKey.export({ type: "spki", format: "der" }).toString("hex");
        assert.equal(pub(after), pub(before));
        assert.equal(await node.jsonpath(["domain", "alice"], "{.spec.cert}"), Buffer.from(after).toString("base64"));
    });

    it("keeps an existing domain.key even when the config brings another key, and serves with the config's", async () => {
        // crypt.go ParseEncodedKey: the key comes from domainKeyData; the file is written only when absent.
        await node.stop();
        const kept = fs.readFileSync(node.file("domain.key"), "utf8");
        const other = await node.init();
        for (const f of ["ca.crt", "domain.crt"]) fs.rmSync(node.file(f));
        await node.start();
        assert.equal(fs.readFileSync(node.file("domain.key"), "utf8"), kept);
        const otherKey = crypto.createPrivateKey(
            Buffer.from((yaml.load(other) as any).domainKeyData, "base64").toString(),
        );
        assert.ok(new crypto.X509Certificate(fs.readFileSync(node.file("domain.crt"))).checkPrivateKey(otherKey));
    });

    it("dies in a container without --privileged unless the lab's switch is set", async () => {
        // As the 0.3 node: Kuscia's k3s needs writable cgroups (kuscia.sh runs runc nodes --privileged).
        await node.stop();
        const mounts = `${root}/mounts`;
        fs.writeFileSync(mounts, UNPRIVILEGED);
        await assert.rejects(
            node.start({ KUSCIA_SIM_MOUNTS: mounts }),
            /exited 1: .*is mounted read-only: this container is not privileged/s,
        );
        await node.start({ KUSCIA_SIM_MOUNTS: mounts, KUSCIA_SIM_ALLOW_UNPRIVILEGED: "1" });
    });
});

describe("kuscia start with protocol NOTLS (Kuscia 1.1.0b0)", () => {
    let root: string;
    let node: V11Node;

    before(async () => {
        root = tempRootV11("start-notls");
        node = await V11Node.create("bob", root);
        await node.init(["-p", "NOTLS"]);
        await node.start();
    });
    after(async () => {
        await node?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("writes no KusciaAPI certificate and no token (NOTLS turns off both)", () => {
        // cmd/kuscia/modules/kusciaapi.go: NOTLS sets TLS and Token to nil.
        assert.ok(fs.existsSync(node.file("domain.crt")));
        assert.ok(!fs.existsSync(node.file("token")));
        assert.ok(!fs.existsSync(node.file("kusciaapi-server.crt")));
    });
});
