import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as tls from "node:tls";
import { after, before, describe, it } from "node:test";
import { foreignClientCert } from "./helpers/pki";
import { run } from "./helpers/run";
import { tempRootV11, V11Node } from "./helpers/node-v11";

async function curl(
    args: string[],
): Promise<{ exit: number; code: number; body: string; header: (n: string) => string | undefined; stderr: string }> {
    const r = await run("curl", ["-sS", "-i", "--max-time", "10", ...args]);
    const text = r.stdout.replace(/\r/g, "");
    const split = text.indexOf("\n\n");
    const head = split < 0 ? text : text.slice(0, split);
    const code = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1] ?? 0);
    return {
        exit: r.code,
        code,
        body: split < 0 ? "" : text.slice(split + 2),
        header: n => new RegExp(`^${n}: (.*)$`, "im").exec(head)?.[1],
        stderr: r.stderr,
    };
}

function handshakeBody(domain: string, pubhash: string): string {
    return JSON.stringify({ domain_id: domain, type: "RSA", token_config: { token: "AAAA", revision: 0, pubhash } });
}

describe("gateway 1080: TLS for anyone, token auth above it (Kuscia 1.1.0b0)", () => {
    let root: string;
    let bob: V11Node;

    before(async () => {
        root = tempRootV11("gateway");
        bob = await V11Node.create("bob", root);
        await bob.init();
        await bob.start();
    });
    after(async () => {
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it(
        "serves CN=bob_ENVOY_EXTERNAL with SAN 127.0.0.1, signed " + "by the node's CA, and asks no client certificate",
        async () => {
            // pkg/utils/tls/crypt.go GenerateKeyCertPairData; pkg/gateway/xds/tls_config.go asks for a client cert only
            // with a CA set.
            const peer = await new Promise<tls.PeerCertificate>((resolve, reject) => {
                const s = tls.connect({ host: "127.0.0.1", port: bob.gatewayPort, rejectUnauthorized: false }, () => {
                    resolve(s.getPeerX509Certificate()!.toLegacyObject());
                    s.end();
                });
                s.on("error", reject);
            });
            assert.equal(peer.subject.CN, "bob_ENVOY_EXTERNAL");
            assert.match(peer.subjectaltname ?? "", /IP Address:127\.0\.0\.1/);
            const cert = new crypto.X509Certificate(peer.raw);
            assert.ok(cert.verify(new crypto.X509Certificate(fs.readFileSync(bob.file("ca.crt"))).publicKey));
            const s = await run("openssl", ["s_client", "-connect", `127.0.0.1:${bob.gatewayPort}`], { input: "" });
            assert.match(s.stdout, /No client certificate CA names sent/);
        },
    );

    it("never refuses at TLS: without a certificate, or with one of a foreign CA, the answer is HTTP 401", async () => {
        // docs/troubleshoot/network/network_authorization_check.md: a healthy peer answers a bare curl -k with 401.
        const foreign = foreignClientCert(root, "mallory");
        for (const extra of [[], ["--cert", foreign.cert, "--key", foreign.key]]) {
            for (let i = 0; i < 3; i++) {
                const r = await curl(["-k", ...extra, bob.url()]);
                assert.equal(r.exit, 0, r.stderr);
                assert.equal(r.code, 401);
            }
        }
    });

    it("answers 401 with Envoy's local reply: kuscia-error-message, server kuscia-gateway, the JSON body", async () => {
        // etc/conf/domainroute/listeners/external_listeners.json.tmpl local_reply_config (401 mapper).
        const r = await curl(["-k", bob.url("https") + "/some/path"]);
        assert.equal(r.code, 401);
        assert.equal(r.header("server"), "kuscia-gateway");
        assert.equal(
            r.header("kuscia-error-message"),
            "Domain bob.test-kuscia-autonomy-bob-host<--127.0.0.1 return http code 401.",
        );
        assert.deepEqual(JSON.parse(r.body), {
            domain: "bob",
            instance: "test-kuscia-autonomy-bob-host",
            kuscia: "v1.1.0b0",
            reason: "unauthorized.",
        });
    });

    it("a Kuscia-Source without a route, or with a token the node never made, is 401 too", async () => {
        // kuscia-envoy kuscia_token_auth: the source must be listed and the token one of its route's.
        for (const h of [["Kuscia-Source: alice"], ["Kuscia-Source: alice", "Kuscia-Token: guessed"]]) {
            const r = await curl([
                "-k",
                ...h.flatMap(x => ["-H", x]),
                "-H",
                "Kuscia-Host: anything.bob.svc",
                bob.url(),
            ]);
            assert.equal(r.code, 401);
        }
    });

    it("GET /handshake on kuscia-handshake.bob.svc skips token auth and reports the caller's state", async () => {
        // handshake.go handShakeHandle (GET) and checkTokenStatus: no source 1 (DomainIDInputInvalid), no route 5
        // (NoAuthentication).
        const host = ["-H", "Kuscia-Host: kuscia-handshake.bob.svc"];
        const none = await curl(["-k", ...host, `${bob.url()}/handshake`]);
        assert.equal(none.code, 200);
        assert.deepEqual(JSON.parse(none.body), { namespace: "bob", state: 1 });
        const carol = await curl([
            "-k",
            ...host,
            "-H",
            "Kuscia-Source: carol",
            "-H",
            "Kuscia-Token-Revision: 1",
            `${bob.url()}/handshake`,
        ]);
        assert.deepEqual(JSON.parse(carol.body), { namespace: "bob", state: 5 });
    });

    it("POST /handshake without the route SOURCE-bob is HTTP 200 with status.code 500", async () => {
        // handshake.go DestReplyHandshake: "domainRoute [..] not found in dest domain [..]".
        const r = await curl([
            "-k",
            "-H",
            "Kuscia-Host: kuscia-handshake.bob.svc",
            "-H",
            "Kuscia-Source: carol",
            "-d",
            handshakeBody("carol", "x"),
            `${bob.url()}/handshake`,
        ]);
        assert.equal(r.code, 200);
        assert.deepEqual(JSON.parse(r.body), {
            status: { code: 500, message: "domainRoute [carol-bob] not found in dest domain [bob]" },
        });
    });

    it(
        "POST /handshake from an added partner whose pubhash " +
            "is not its certificate's key: publickey hash mismatch",
        async () => {
            // handshake.go DestReplyHandshake: pubhash = base64(sha256(sourcePublicKey field)) of the route.
            const dir = path.join(root, "carol");
            fs.mkdirSync(dir);
            const o = (...a: string[]) => run("openssl", a, { cwd: dir });
            await o(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "carol.key",
                "-subj",
                "/CN=carol",
                "-days",
                "10",
                "-out",
                "carol.crt",
            );
            fs.copyFileSync(path.join(dir, "carol.crt"), bob.file("carol.domain.crt"));
            await bob.mustScript("deploy/add_domain.sh", ["carol", "p2p"]);
            // The inbound route carol-bob appears once the Domain controller and the CDR controller have run.
            let answer: any;
            for (let i = 0; i < 50 && answer?.status?.message?.includes("not found") !== false; i++) {
                await new Promise(r => setTimeout(r, 200));
                const r = await curl([
                    "-k",
                    "-H",
                    "Kuscia-Host: kuscia-handshake.bob.svc",
                    "-d",
                    handshakeBody("carol", crypto.createHash("sha256").update("other").digest("base64")),
                    `${bob.url()}/handshake`,
                ]);
                answer = JSON.parse(r.body);
            }
            assert.deepEqual(answer, {
                status: {
                    code: 500,
                    message: "source domain [carol] publickey hash mismatch in domainroute [carol-bob]",
                },
            });
        },
    );
});

describe("gateway 1080 with protocol NOTLS (Kuscia 1.1.0b0)", () => {
    let root: string;
    let node: V11Node;

    before(async () => {
        root = tempRootV11("gateway-notls");
        node = await V11Node.create("alice", root);
        await node.init(["-p", "NOTLS"]);
        await node.start();
    });
    after(async () => {
        await node?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("speaks plain HTTP (401 to a bare request); TLS to it fails before any HTTP answer", async () => {
        // cmd/kuscia/modules/domainroute.go: NOTLS leaves the external listener without TLS.
        const plain = await curl([node.url("http")]);
        assert.equal(plain.code, 401);
        const https = await curl(["-k", node.url("https")]);
        assert.notEqual(https.exit, 0);
        assert.equal(https.code, 0);
    });
});
