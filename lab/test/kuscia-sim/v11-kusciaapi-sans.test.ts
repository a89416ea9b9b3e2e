import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import { after, before, describe, it } from "node:test";
import { tempRootV11, V11Node } from "./helpers/node-v11";

/**
 * The KusciaAPI server certificate's SANs (Kuscia 1.1.0b0): the config's top-level kusciaAPISans
 * (cmd/kuscia/confloader/kuscia_config.go:135, :312-313) split by net.ParseIP (cmd/kuscia/modules/kusciaapi.go:92-110),
 * then GenerateServerKeyCerts' own (pkg/web/framework/config/tls_server_config.go:78-112): IPs configured,
 * 127.0.0.1, the host IP (eth0); DNS kusciaapi, configured, the host name, localhost. Only when
 * var/certs/kusciaapi-server.key is missing (:49-50).
 */

/** pkg/utils/network/network.go GetHostIP on this machine: eth0's first IPv4 address, if any. */
function hostIp(): string[] {
    const addrs = os.networkInterfaces().eth0 ?? os.networkInterfaces().en0 ?? [];
    const a = addrs.find(x => x.family === "IPv4") ?? addrs[addrs.length - 1];
    return a ? [a.address] : [];
}

const cert = (node: V11Node) => new crypto.X509Certificate(fs.readFileSync(node.file("kusciaapi-server.crt")));
const sans = (c: crypto.X509Certificate) => (c.subjectAltName ?? "").split(", ");

describe("kusciaAPISans: the KusciaAPI server certificate's SANs (Kuscia 1.1.0b0)", () => {
    let root: string;
    let node: V11Node;
    let first: crypto.X509Certificate;

    const configure = (list: string[]) => {
        const base = fs.readFileSync(node.config, "utf8").replace(/^kusciaAPISans:[\s\S]*$/m, "");
        fs.writeFileSync(node.config, `${base.trimEnd()}\nkusciaAPISans:\n${list.map(s => `  - ${s}\n`).join("")}`);
    };

    before(async () => {
        root = tempRootV11("api-sans");
        node = await V11Node.create("alice", root);
        await node.init();
        configure(["10.1.2.3", "kuscia.example"]);
        await node.start();
        first = cert(node);
    });
    after(async () => {
        await node?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "names the configured IP and DNS name, then the defaults: kusciaapi, the host name, localhost; 127.0.0.1 and " +
            "eth0",
        () => {
            const ips = ["10.1.2.3", "127.0.0.1", ...hostIp()];
            const dns = ["kusciaapi", "kuscia.example", os.hostname(), "localhost"];
            assert.deepEqual(sans(first), [...dns.map(d => `DNS:${d}`), ...ips.map(ip => `IP Address:${ip}`)]);
            assert.equal(first.subject, "CN=KusciaAPI");
            const years = (Date.parse(first.validTo) - Date.parse(first.validFrom)) / (365.25 * 86400e3);
            assert.ok(Math.abs(years - 10) < 0.01, `${years} years`);
            assert.ok(first.verify(new crypto.X509Certificate(fs.readFileSync(node.file("ca.crt"))).publicKey));
        },
    );

    it("a restart with the key present keeps the certificate, whatever kusciaAPISans say now", async () => {
        await node.stop();
        configure(["10.9.9.9"]);
        await node.start();
        assert.equal(cert(node).fingerprint256, first.fingerprint256);
    });

    it("without the key, the next start makes a new pair with the SANs configured then", async () => {
        await node.stop();
        fs.rmSync(node.file("kusciaapi-server.key"));
        fs.rmSync(node.file("kusciaapi-server.crt"));
        await node.start();
        const renewed = cert(node);
        assert.notEqual(renewed.fingerprint256, first.fingerprint256);
        assert.ok(sans(renewed).includes("IP Address:10.9.9.9"));
        assert.ok(!sans(renewed).includes("DNS:kuscia.example"));
    });
});
