import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as tls from "node:tls";
import { after, before, describe, it } from "node:test";
import { startPairV03, tempRootV03, V03Node } from "./helpers/node-v03";
import { foreignClientCert } from "./helpers/pki";
import { run } from "./helpers/run";

/**
 * curl as an operator runs it (Kuscia 0.3's docs/getting_started/deploy/deploy_p2p_cn.md); `-w` appends the HTTP status
 * on its own line.
 */
function curl(args: string[]) {
    return run("curl", ["-sS", "--max-time", "10", ...args]);
}

async function status(
    args: string[],
): Promise<{ code: number; body: string; header: (name: string) => string | undefined; stderr: string }> {
    const r = await curl(["-i", ...args]);
    const text = r.stdout.replace(/\r/g, "");
    const split = text.indexOf("\n\n");
    const head = split < 0 ? text : text.slice(0, split);
    const body = split < 0 ? "" : text.slice(split + 2);
    const code = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1] ?? 0);
    const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1];
    return { code, body, header, stderr: r.stderr };
}

/**
 * A refusal at TLS ends the connection before any HTTP answer, every time: curl exits 35 or 56
 * (Envoy's alert, during or after the handshake) or 52 (the simulator's reset after a TLS 1.3 handshake).
 */
async function assertRefusedAtTls(args: string[], times = 5): Promise<void> {
    for (let i = 0; i < times; i++) {
        const r = await curl(args);
        assert.ok([35, 52, 56].includes(r.code), `attempt ${i + 1}: curl exited ${r.code}: ${r.stderr}`);
    }
}

describe("gateway: TLS by the node's CA, partners by token auth (Kuscia 0.3.0b0)", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;

    before(async () => {
        root = tempRootV03("gateway");
        ({ alice, bob } = await startPairV03(root));
    });
    after(async () => {
        await alice?.stop();
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    const bobUrl = (p = "/") => `https://${bob.endpoint}${p}`;
    const asAliceToBob = () => [
        "--cert",
        alice.file("domain-2-bob.crt"),
        "--key",
        alice.file("domain.key"),
        "--cacert",
        alice.file("bob.host.ca.crt"),
    ];
    const partnerHeaders = (source: string) => [
        "-H",
        `Kuscia-Source: ${source}`,
        "-H",
        "Kuscia-Token: any",
        "-H",
        "Kuscia-Host: some-service.bob.svc",
    ];
    /** A request entering alice's internal listener for a host, as her own services send partner traffic. */
    const viaAlice = (host: string, p = "/") =>
        status(["-H", `Host: ${host}`, `http://127.0.0.1:${alice.internalPort}${p}`]);

    it("is ready: one gateway named after the host in the domain's namespace", async () => {
        const r = await alice.kubectl(["get", "gateways", "-n", "alice"]);
        assert.equal(r.code, 0);
        const rows = r.stdout.trim().split("\n").slice(1);
        assert.equal(rows.filter(l => l.includes("test-kuscia-autonomy-alice")).length, 1);
    });

    it("answers kuscia-handshake.bob.svc without token auth", async () => {
        const r = await status([
            ...asAliceToBob(),
            "-H",
            "Kuscia-Host: kuscia-handshake.bob.svc",
            bobUrl("/handshake"),
        ]);
        assert.equal(r.code, 200, r.stderr);
        assert.deepEqual(JSON.parse(r.body), { namespace: "bob" });
    });

    it(
        "lets any certificate of its own CA through TLS, then " +
            "refuses a request without a granted Kuscia-Source: 401",
        async () => {
            for (const cert of [
                ["--cert", alice.file("domain-2-bob.crt"), "--key", alice.file("domain.key")],
                ["--cert", bob.file("kusciaapi-client.crt"), "--key", bob.file("kusciaapi-client.key")],
            ]) {
                const none = await status([...cert, "--cacert", bob.file("ca.crt"), bobUrl()]);
                assert.equal(none.code, 401, none.stderr);
                assert.equal(none.body, "unauthorized.");
                const carol = await status([
                    ...cert,
                    "--cacert",
                    bob.file("ca.crt"),
                    ...partnerHeaders("carol"),
                    bobUrl(),
                ]);
                assert.equal(carol.code, 401);
            }
        },
    );

    it(
        "lets a granted source through to its services, whatever certificate of its CA carries it: an unknown service " +
            "is a 404",
        async () => {
            for (const cert of [
                ["--cert", alice.file("domain-2-bob.crt"), "--key", alice.file("domain.key")],
                ["--cert", bob.file("kusciaapi-client.crt"), "--key", bob.file("kusciaapi-client.key")],
            ]) {
                const r = await status([...cert, "--cacert", bob.file("ca.crt"), ...partnerHeaders("alice"), bobUrl()]);
                assert.equal(r.code, 404, r.stderr);
                assert.equal(r.header("Kuscia-Error-Message-Internal"), 'Service "some-service.bob.svc" not found.');
            }
        },
    );

    it("refuses at TLS a client certificate from another CA, and a client without one", async () => {
        const other = foreignClientCert(root, "alice");
        await assertRefusedAtTls([
            "--cert",
            other.cert,
            "--key",
            other.key,
            "--cacert",
            alice.file("bob.host.ca.crt"),
            bobUrl(),
        ]);
        await assertRefusedAtTls(["--cacert", alice.file("bob.host.ca.crt"), bobUrl()]);
        assert.match(bob.log, /TLS refused 127\.0\.0\.1: CERT_SIGNATURE_FAILURE/);
    });

    it("is not trusted by a client without the host's CA", async () => {
        const r = await curl([
            "--cert",
            alice.file("domain-2-bob.crt"),
            "--key",
            alice.file("domain.key"),
            "--cacert",
            alice.file("ca.crt"),
            bobUrl(),
        ]);
        assert.equal(r.code, 60, r.stderr);
    });

    it(
        "alice's internal listener carries her traffic through " + "route alice-bob, with Kuscia's headers, to bob",
        async () => {
            const hs = await viaAlice("kuscia-handshake.bob.svc", "/handshake");
            assert.equal(hs.code, 200);
            assert.deepEqual(JSON.parse(hs.body), { namespace: "bob" });
            const svc = await viaAlice("kuscia-verify.bob.svc");
            assert.equal(svc.code, 404, "passed bob's token auth: bob's own 404 for an unknown service");
            assert.equal(svc.header("Kuscia-Error-Message-Internal"), 'Service "kuscia-verify.bob.svc" not found.');
            const own = await viaAlice("kuscia-handshake.alice.svc", "/handshake");
            assert.deepEqual(JSON.parse(own.body), { namespace: "alice" });
            const none = await viaAlice("x.carol.svc");
            assert.equal(none.code, 404);
            assert.equal(none.header("Kuscia-Error-Message-Internal"), 'Service "x.carol.svc" not found.');
        },
    );

    it(
        "a revoke is the DomainRoute: without Domain alice bob still lets her through, without DomainRoute alice-bob " +
            "it answers 401",
        async () => {
            const domain = (await bob.kubectl(["get", "domain", "alice", "-o", "json"])).stdout;
            const route = (await bob.kubectl(["get", "dr", "alice-bob", "-n", "bob", "-o", "json"])).stdout;
            assert.equal((await bob.kubectl(["delete", "domain", "alice"])).code, 0);
            assert.equal(
                (await viaAlice("kuscia-verify.bob.svc")).code,
                404,
                "token auth is fed from DomainRoutes, not Domains",
            );
            assert.equal((await bob.kubectl(["delete", "dr", "alice-bob", "-n", "bob"])).code, 0);
            const refused = await viaAlice("kuscia-verify.bob.svc");
            assert.equal(refused.code, 401);
            assert.equal(refused.body, "unauthorized.");
            assert.equal(
                (await viaAlice("kuscia-handshake.bob.svc", "/handshake")).code,
                200,
                "the handshake service skips token auth",
            );
            assert.equal((await bob.kubectl(["apply", "-f", "-"], domain)).code, 0);
            assert.equal((await bob.kubectl(["apply", "-f", "-"], route)).code, 0);
            assert.equal((await viaAlice("kuscia-verify.bob.svc")).code, 404);
        },
    );

    it("a route whose upstream fails answers 503 with Envoy's reason", async () => {
        const saved = (await alice.kubectl(["get", "dr", "alice-bob", "-n", "alice", "-o", "json"])).stdout;
        const other = foreignClientCert(root, "alice");
        const b64 = (f: string) => fs.readFileSync(f).toString("base64");
        const cases: Array<[string, (r: any) => void, RegExp]> = [
            [
                "a client certificate of another CA",
                r => (
                    (r.spec.mTLSConfig.sourceClientCert = b64(other.cert)),
                    (r.spec.mTLSConfig.sourceClientPrivateKey = b64(other.key))
                ),
                /transport failure reason: TLS error: connection reset by the peer/,
            ],
            [
                "no client certificate (join_to_host.sh -a Token)",
                r => ((r.spec.mTLSConfig.sourceClientCert = ""), (r.spec.mTLSConfig.sourceClientPrivateKey = "")),
                /transport failure reason: TLS error: connection reset by the peer/,
            ],
            [
                "a certificate that does not match the key",
                r => (r.spec.mTLSConfig.sourceClientCert = b64(other.cert)),
                /^no healthy upstream$/,
            ],
            [
                "a CA that did not sign bob's gateway certificate",
                r => (r.spec.mTLSConfig.tlsCA = b64(alice.file("ca.crt"))),
                /CERTIFICATE_VERIFY_FAILED/,
            ],
        ];
        for (const [what, change, expected] of cases) {
            const route = JSON.parse(saved);
            change(route);
            assert.equal((await alice.kubectl(["apply", "-f", "-"], JSON.stringify(route))).code, 0);
            const r = await viaAlice("kuscia-handshake.bob.svc", "/handshake");
            assert.equal(r.code, 503, what);
            assert.match(r.body, expected, what);
        }
        await alice.kubectl(["apply", "-f", "-"], saved);
        assert.equal((await viaAlice("kuscia-handshake.bob.svc", "/handshake")).code, 200);
    });

    const api = (node: V03Node, extra: string[]) =>
        curl([
            "--cert",
            node.file("kusciaapi-client.crt"),
            "--key",
            node.file("kusciaapi-client.key"),
            "--cacert",
            node.file("ca.crt"),
            "-w",
            "\n%{http_code}",
            "-X",
            "POST",
            "-H",
            "content-type: application/json",
            ...extra,
        ]);

    it("KusciaAPI answers domain/query with the right token", async () => {
        const token = fs.readFileSync(alice.file("token"), "utf8");
        const r = await api(alice, [
            "-H",
            `Token: ${token}`,
            "-d",
            '{"domain_id":"alice"}',
            `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`,
        ]);
        assert.equal(r.code, 0, r.stderr);
        const [body, status] = r.stdout.split("\n");
        assert.equal(status, "200");
        assert.equal(JSON.parse(body).status.code, 0);
        assert.equal(JSON.parse(body).data.domain_id, "alice");
        const partner = await api(alice, [
            "-H",
            `Token: ${token}`,
            "-d",
            '{"domain_id":"bob"}',
            `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`,
        ]);
        assert.equal(JSON.parse(partner.stdout.split("\n")[0]).data.role, "partner");
    });

    it("KusciaAPI answers 401 to a wrong or missing token", async () => {
        for (const headers of [["-H", "Token: wrong"], []]) {
            const r = await api(alice, [
                ...headers,
                "-d",
                '{"domain_id":"alice"}',
                `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`,
            ]);
            assert.equal(r.code, 0, r.stderr);
            assert.equal(r.stdout.split("\n")[1], "401");
        }
    });

    it("KusciaAPI requires a client certificate from the node's CA", async () => {
        const token = fs.readFileSync(alice.file("token"), "utf8");
        const r = await curl([
            "--cacert",
            alice.file("ca.crt"),
            "-H",
            `Token: ${token}`,
            "-d",
            "{}",
            `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`,
        ]);
        assert.notEqual(r.code, 0);
        const other = await curl([
            "--cert",
            bob.file("kusciaapi-client.crt"),
            "--key",
            bob.file("kusciaapi-client.key"),
            "--cacert",
            alice.file("ca.crt"),
            "-H",
            `Token: ${token}`,
            "-d",
            "{}",
            `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`,
        ]);
        assert.notEqual(other.code, 0);
    });

    it("KusciaAPI's gRPC port is TLS with the KusciaAPI server certificate", async () => {
        const cert = await new Promise<tls.PeerCertificate>((resolve, reject) => {
            const s = tls.connect(
                {
                    host: "127.0.0.1",
                    port: alice.grpcPort,
                    ca: fs.readFileSync(alice.file("ca.crt")),
                    cert: fs.readFileSync(alice.file("kusciaapi-client.crt")),
                    key: fs.readFileSync(alice.file("kusciaapi-client.key")),
                    checkServerIdentity: () => undefined,
                },
                () => {
                    resolve(s.getPeerCertificate());
                    s.end();
                },
            );
            s.on("error", reject);
        });
        assert.equal(cert.subject.CN, "KusciaAPI");
    });
});
