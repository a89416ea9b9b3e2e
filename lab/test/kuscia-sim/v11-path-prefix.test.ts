import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as https from "node:https";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { addPartner, joinHost, tempRootV11, V11Node } from "./helpers/node-v11";
import { eventually, run } from "./helpers/run";

interface Seen {
    readonly method: string;
    readonly url: string;
    readonly host: string;
    readonly kusciaHost: string;
}

/**
 * A 7-layer proxy in front of a gateway, as nginx's `location /kuscia/ { proxy_pass https://backend/; }`:
 * HTTPS with its own certificate, /kuscia/ stripped, Host set to the backend; anything else is a 404.
 */
async function startProxy(dir: string, backendPort: number, seen: Seen[]): Promise<https.Server> {
    const r = await run(
        "openssl",
        [
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "proxy.key",
            "-out",
            "proxy.crt",
            "-subj",
            "/CN=proxy",
            "-days",
            "2",
        ],
        { cwd: dir },
    );
    assert.equal(r.code, 0, r.stderr);
    const server = https.createServer(
        { key: fs.readFileSync(path.join(dir, "proxy.key")), cert: fs.readFileSync(path.join(dir, "proxy.crt")) },
        (req, res) => {
            seen.push({
                method: req.method ?? "",
                url: req.url ?? "",
                host: req.headers.host ?? "",
                kusciaHost: String(req.headers["kuscia-host"] ?? ""),
            });
            if (!(req.url ?? "").startsWith("/kuscia/")) {
                res.writeHead(404, { server: "nginx" });
                return res.end("<html>404 Not Found</html>\n");
            }
            const headers = { ...req.headers, host: `127.0.0.1:${backendPort}` };
            const up = https.request(
                {
                    host: "127.0.0.1",
                    port: backendPort,
                    method: req.method,
                    path: (req.url ?? "").slice("/kuscia".length),
                    headers,
                    rejectUnauthorized: false,
                },
                answer => {
                    res.writeHead(answer.statusCode ?? 502, answer.headers);
                    answer.pipe(res);
                },
            );
            up.on("error", () => {
                res.writeHead(502, { server: "nginx" });
                res.end();
            });
            req.pipe(up);
        },
    );
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    return server;
}

describe(
    "a partner behind a 7-layer proxy with a path prefix (join_to_host.sh https://HOST:PORT/kuscia/, Kuscia " +
        "1.1.0b0)",
    () => {
        let root: string;
        let alice: V11Node;
        let bob: V11Node;
        let proxy: https.Server;
        let proxyUrl: string;
        const seen: Seen[] = [];

        before(async () => {
            root = tempRootV11("prefix");
            alice = await V11Node.create("alice", root);
            bob = await V11Node.create("bob", root);
            for (const n of [alice, bob]) {
                await n.init();
                await n.start();
                await n.registerAppImage();
                fs.mkdirSync(n.data, { recursive: true });
                fs.copyFileSync(
                    path.join(n.code, "var", "storage", "data", `${n.id}.csv`),
                    path.join(n.data, `${n.id}.csv`),
                );
                await n.mustScript(`deploy/create_domaindata_${n.id}_table.sh`, [n.id]);
            }
            proxy = await startProxy(root, bob.gatewayPort, seen);
            proxyUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}/kuscia/`;
            await addPartner(bob, alice);
            await addPartner(alice, bob);
            assert.equal((await alice.script("deploy/join_to_host.sh", ["alice", "bob", proxyUrl])).code, 0);
            await joinHost(bob, alice);
        });
        after(async () => {
            await alice?.stop();
            await bob?.stop();
            proxy?.close();
            fs.rmSync(root, { recursive: true, force: true });
        });

        it(
            "the route gets Ready through the proxy: POST and GET /handshake under the prefix, Host the endpoint's host, " +
                "Kuscia-Host the handshake service",
            async () => {
                // pkg/gateway/utils/handshake.go:24-37, controller/handshake.go:128,297; interconn/factory.go:73-75
                // with domain_route.go:990 (Hostname).
                assert.equal(
                    await alice.jsonpath(["cdr", "alice-bob"], "{.spec.endpoint.ports[0].pathPrefix}"),
                    "/kuscia/",
                );
                await alice.readyOf("alice-bob", "True");
                await bob.readyOf("alice-bob", "True");
                await eventually(
                    "a health check through the proxy",
                    () => (seen.some(s => s.method === "GET") ? true : undefined),
                    5000,
                );
                const handshakes = seen.filter(s => s.url === "/kuscia/handshake");
                assert.deepEqual([...new Set(handshakes.map(s => s.method))].sort(), ["GET", "POST"]);
                for (const s of handshakes)
                    assert.deepEqual([s.host, s.kusciaHost], ["127.0.0.1", "kuscia-handshake.bob.svc"]);
                assert.deepEqual(
                    seen.filter(s => !s.url.startsWith("/kuscia/")),
                    [],
                );
            },
        );

        it(
            "partner traffic into alice's internal listener goes out under the prefix, its authority in Kuscia-Host, and " +
                "passes bob's token auth",
            async () => {
                // interconn/kuscia_handler.go:48-53 (Kuscia-Host %REQ(:authority)%), 103-105 PrefixRewrite.
                const r = await run("curl", [
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    "--max-time",
                    "10",
                    "-H",
                    "Host: nothing-here.bob.svc",
                    `http://127.0.0.1:${alice.internalPort}/some/path?x=1`,
                ]);
                assert.equal(r.stdout, "404");
                assert.deepEqual(
                    seen.filter(s => s.kusciaHost === "nothing-here.bob.svc").map(s => [s.method, s.url, s.host]),
                    [["GET", "/kuscia/some/path?x=1", "127.0.0.1"]],
                );
            },
        );

        it("the example PSI job from alice runs to Succeeded with its traffic to bob through the proxy", async () => {
            await alice.mustScript("user/create_example_job.sh", ["PSI", "through-proxy"]);
            const phase = () => alice.jsonpath(["kj", "through-proxy", "-n", "cross-domain"], "{.status.phase}");
            await eventually(
                "through-proxy to finish",
                async () => (["Succeeded", "Failed"].includes(await phase()) ? true : undefined),
                30000,
            );
            assert.equal(
                await phase(),
                "Succeeded",
                await alice.jsonpath(["kj", "through-proxy", "-n", "cross-domain"], "{.status.message}"),
            );
            assert.ok(
                seen.some(
                    s =>
                        s.method === "POST" &&
                        s.url.startsWith("/kuscia/sim/v1/psi/") &&
                        s.kusciaHost.endsWith(".bob.svc"),
                ),
                JSON.stringify(seen.slice(-5)),
            );
            assert.equal(fs.readFileSync(path.join(bob.data, "psi-output.csv"), "utf8").trim().split("\n").length, 201);
        });
    },
);
