import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { eventually, run } from "./helpers/run";
import { tempRootV11, V11Node } from "./helpers/node-v11";

async function post(
    n: V11Node,
    path: string,
    body: unknown,
    opts: { scheme?: string; cert?: boolean; token?: string } = {},
) {
    const scheme = opts.scheme ?? "https";
    const tlsArgs =
        scheme === "https"
            ? [
                  "--cacert",
                  n.file("ca.crt"),
                  ...(opts.cert === false ? [] : ["--cert", n.file("ca.crt"), "--key", n.file("ca.key")]),
              ]
            : [];
    const token = opts.token ?? (fs.existsSync(n.file("token")) ? fs.readFileSync(n.file("token"), "utf8") : "");
    const r = await run("curl", [
        "-sS",
        "--max-time",
        "10",
        "-w",
        "\n%{http_code}",
        ...tlsArgs,
        "-H",
        `Token: ${token}`,
        "-H",
        "Content-Type: application/json",
        "-d",
        JSON.stringify(body),
        `${scheme}://127.0.0.1:${n.apiPort}${path}`,
    ]);
    const lines = r.stdout.split("\n");
    const code = Number(lines.pop());
    return { exit: r.code, code, body: lines.join("\n") ? JSON.parse(lines.join("\n")) : undefined, stderr: r.stderr };
}

const GRANT = {
    grant_domain: "bob",
    domain_id: "alice",
    domaindata_id: "alice-table",
    domaindatagrant_id: "alice-to-bob",
};

describe("KusciaAPI 8082 (Kuscia 1.1.0b0)", () => {
    let root: string;
    let alice: V11Node;

    before(async () => {
        root = tempRootV11("kusciaapi");
        alice = await V11Node.create("alice", root);
        await alice.init();
        await alice.start();
        await alice.mustScript("deploy/create_domaindata_alice_table.sh", ["alice"]);
    });
    after(async () => {
        await alice?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("deploy_p2p_cn.md's grant: mTLS with ca.crt/ca.key and the Token header create the DomainDataGrant", async () => {
        // docs/deployment/Docker_deployment_kuscia/deploy_p2p_cn.md (grant step);
        // pkg/kusciaapi/service/domaindata_grant.go CreateDomainDataGrant.
        const r = await post(alice, "/api/v1/domaindatagrant/create", GRANT);
        assert.equal(r.code, 200, r.stderr);
        assert.deepEqual(r.body, {
            status: { code: 0, message: "success", details: [] },
            data: { domaindatagrant_id: "alice-to-bob" },
        });
        const g = JSON.parse(
            (await alice.kubectl(["get", "domaindatagrant", "alice-to-bob", "-n", "alice", "-o", "json"])).stdout,
        );
        assert.deepEqual([g.spec.author, g.spec.domainDataID, g.spec.grantDomain], ["alice", "alice-table", "bob"]);
        assert.equal(g.metadata.ownerReferences[0].kind, "DomainData");
    });

    it("refuses a grant to itself, of unknown data, or twice, with KusciaAPI's codes", async () => {
        // domaindata_grant.go validateCreateDomainDataGrantRequest (11100 KusciaAPIErrRequestValidate).
        assert.deepEqual(
            (await post(alice, "/api/v1/domaindatagrant/create", { ...GRANT, grant_domain: "alice" })).body.status
                .message,
            "grantdomain can't be self",
        );
        const missing = await post(alice, "/api/v1/domaindatagrant/create", {
            ...GRANT,
            domaindata_id: "nope",
            domaindatagrant_id: "",
        });
        assert.equal(missing.body.status.code, 11100);
        assert.equal(missing.body.status.message, "domaindata [nope] not exists");
        assert.match(
            (await post(alice, "/api/v1/domaindatagrant/create", GRANT)).body.status.message,
            /domaindatagrant alice-to-bob is exist/,
        );
    });

    it("needs the Token header, and a client certificate of the node's CA at TLS", async () => {
        // cmd/kuscia/modules/kusciaapi.go: empty protocol means MTLS plus Token.
        const noToken = await post(alice, "/api/v1/domain/query", { domain_id: "alice" }, { token: "wrong" });
        assert.equal(noToken.code, 401);
        const noCert = await post(alice, "/api/v1/domain/query", { domain_id: "alice" }, { cert: false });
        assert.notEqual(noCert.exit, 0);
        const ok = await post(alice, "/api/v1/domain/query", { domain_id: "alice" });
        assert.equal(ok.body.data.domain_id, "alice");
    });

    it(
        "domain/delete revokes a partner, its inbound " + "ClusterDomainRoute going with it; unknown domains are 11305",
        async () => {
            // pkg/kusciaapi/service/domain_service.go DeleteDomain; errorcode.GetDomainErrorCode
            // (KusciaAPIErrDomainNotExists).
            fs.copyFileSync(alice.file("domain.crt"), alice.file("carol.domain.crt"));
            await alice.mustScript("deploy/add_domain.sh", ["carol", "p2p"]);
            await eventually("inbound cdr carol-alice", async () =>
                (await alice.kubectl(["get", "cdr", "carol-alice"])).code === 0 ? true : undefined,
            );
            assert.equal((await post(alice, "/api/v1/domain/delete", { domain_id: "carol" })).body.status.code, 0);
            await eventually("carol-alice collected", async () =>
                (await alice.kubectl(["get", "cdr", "carol-alice"])).code === 1 ? true : undefined,
            );
            assert.equal((await post(alice, "/api/v1/domain/delete", { domain_id: "carol" })).body.status.code, 11305);
            assert.equal((await post(alice, "/api/v1/domain/query", { domain_id: "carol" })).body.status.code, 11305);
        },
    );
});

describe("KusciaAPI with protocol NOTLS (Kuscia 1.1.0b0)", () => {
    let root: string;
    let bob: V11Node;

    before(async () => {
        root = tempRootV11("kusciaapi-notls");
        bob = await V11Node.create("bob", root);
        await bob.init(["-p", "NOTLS"]);
        await bob.start();
        await bob.mustScript("deploy/create_domaindata_bob_table.sh", ["bob"]);
    });
    after(async () => {
        await bob?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("is plain HTTP without a token", async () => {
        // kusciaapi.go: NOTLS sets both TLS and Token to nil.
        const r = await post(
            bob,
            "/api/v1/domaindatagrant/create",
            { grant_domain: "alice", domain_id: "bob", domaindata_id: "bob-table" },
            { scheme: "http", token: "" },
        );
        assert.equal(r.code, 200, r.stderr);
        assert.equal(r.body.status.code, 0);
        assert.match(r.body.data.domaindatagrant_id, /^domaindatagrant-/);
    });
});
