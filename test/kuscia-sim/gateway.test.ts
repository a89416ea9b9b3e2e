import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as tls from "node:tls";
import { after, before, describe, it } from "node:test";
import { startPair, tempRoot, TestNode } from "./helpers/node";
import { foreignClientCert } from "./helpers/pki";
import { run } from "./helpers/run";

/** curl as the seed's operator would run it against a gateway. */
function curl(args: string[]) {
  return run("curl", ["-sS", "--max-time", "10", ...args]);
}

/** A refusal must tear the connection down the same way every time: curl exits 35 or 56. */
async function assertRefused(args: string[], times = 5): Promise<void> {
  for (let i = 0; i < times; i++) {
    const r = await curl(args);
    assert.ok([35, 56].includes(r.code), `attempt ${i + 1}: curl exited ${r.code}: ${r.stderr}`);
  }
}

describe("gateway and KusciaAPI", () => {
  let root: string;
  let alice: TestNode;
  let bob: TestNode;

  before(async () => {
    root = tempRoot("gateway");
    ({ alice, bob } = await startPair(root));
  });
  after(async () => {
    await alice?.stop();
    await bob?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const asAliceToBob = () => ["--cert", alice.file("domain-2-bob.crt"), "--key", alice.file("domain.key"), "--cacert", alice.file("bob.host.ca.crt")];

  it("is ready: one gateway named after the host in the domain's namespace", async () => {
    const r = await alice.kubectl(["get", "gateways", "-n", "alice"]);
    assert.equal(r.code, 0);
    const rows = r.stdout.trim().split("\n").slice(1);
    assert.equal(rows.filter((l) => l.includes("test-kuscia-autonomy-alice")).length, 1);
  });

  it("answers a granted partner over mTLS", async () => {
    const r = await curl([...asAliceToBob(), `https://${bob.endpoint}/`]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { domain: "bob", caller: "alice", gateway: "kuscia-sim" });
  });

  it("refuses a client certificate from another CA", async () => {
    const other = foreignClientCert(root, "alice");
    await assertRefused(["--cert", other.cert, "--key", other.key, "--cacert", alice.file("bob.host.ca.crt"), `https://${bob.endpoint}/`]);
  });

  it("refuses a client without a certificate", async () => {
    await assertRefused(["--cacert", alice.file("bob.host.ca.crt"), `https://${bob.endpoint}/`]);
  });

  it("is not trusted by a client without the host's CA", async () => {
    const r = await curl(["--cert", alice.file("domain-2-bob.crt"), "--key", alice.file("domain.key"), "--cacert", alice.file("ca.crt"), `https://${bob.endpoint}/`]);
    assert.equal(r.code, 60, r.stderr);
  });

  it("refuses a certificate from its own CA that no Domain grants", async () => {
    const csr = `${root}/carol.csr`;
    await run("openssl", ["req", "-new", "-key", bob.file("domain.key"), "-subj", "/CN=carol", "-out", csr]);
    await run("openssl", ["x509", "-req", "-in", csr, "-CA", bob.file("ca.crt"), "-CAkey", bob.file("ca.key"), "-CAcreateserial", "-days", "1", "-out", `${root}/carol.crt`]);
    await assertRefused(["--cert", `${root}/carol.crt`, "--key", bob.file("domain.key"), "--cacert", bob.file("ca.crt"), `https://${bob.endpoint}/`]);
    assert.match(bob.log, /refused .*no Domain carol/);
  });

  it("stops answering a revoked partner at once, and answers again when re-granted", async () => {
    const saved = (await bob.kubectl(["get", "domain", "alice", "-o", "json"])).stdout;
    assert.equal((await bob.kubectl(["delete", "domain", "alice"])).code, 0);
    await assertRefused([...asAliceToBob(), `https://${bob.endpoint}/`]);
    assert.equal((await bob.kubectl(["apply", "-f", "-"], saved)).code, 0);
    const r = await curl([...asAliceToBob(), `https://${bob.endpoint}/`]);
    assert.equal(r.code, 0, r.stderr);
  });

  it("refuses a Domain whose spec.cert is not the presented certificate", async () => {
    const domain = JSON.parse((await bob.kubectl(["get", "domain", "alice", "-o", "json"])).stdout);
    const original = domain.spec.cert;
    domain.spec.cert = fs.readFileSync(bob.file("external_tls.crt")).toString("base64");
    await bob.kubectl(["apply", "-f", "-"], JSON.stringify(domain));
    await assertRefused([...asAliceToBob(), `https://${bob.endpoint}/`]);
    domain.spec.cert = original;
    await bob.kubectl(["apply", "-f", "-"], JSON.stringify(domain));
    assert.equal((await curl([...asAliceToBob(), `https://${bob.endpoint}/`])).code, 0);
  });

  const api = (node: TestNode, extra: string[]) =>
    curl([
      "--cert", node.file("kusciaapi-client.crt"), "--key", node.file("kusciaapi-client.key"), "--cacert", node.file("ca.crt"),
      "-w", "\n%{http_code}", "-X", "POST", "-H", "content-type: application/json", ...extra,
    ]);

  it("KusciaAPI answers domain/query with the right token", async () => {
    const token = fs.readFileSync(alice.file("token"), "utf8");
    const r = await api(alice, ["-H", `Token: ${token}`, "-d", '{"domain_id":"alice"}', `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`]);
    assert.equal(r.code, 0, r.stderr);
    const [body, status] = r.stdout.split("\n");
    assert.equal(status, "200");
    assert.equal(JSON.parse(body).status.code, 0);
    assert.equal(JSON.parse(body).data.domain_id, "alice");
    const partner = await api(alice, ["-H", `Token: ${token}`, "-d", '{"domain_id":"bob"}', `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`]);
    assert.equal(JSON.parse(partner.stdout.split("\n")[0]).data.role, "partner");
  });

  it("KusciaAPI answers 401 to a wrong or missing token", async () => {
    for (const headers of [["-H", "Token: wrong"], []]) {
      const r = await api(alice, [...headers, "-d", '{"domain_id":"alice"}', `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.split("\n")[1], "401");
    }
  });

  it("KusciaAPI requires a client certificate from the node's CA", async () => {
    const token = fs.readFileSync(alice.file("token"), "utf8");
    const r = await curl(["--cacert", alice.file("ca.crt"), "-H", `Token: ${token}`, "-d", "{}", `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`]);
    assert.notEqual(r.code, 0);
    const other = await curl(["--cert", bob.file("kusciaapi-client.crt"), "--key", bob.file("kusciaapi-client.key"), "--cacert", alice.file("ca.crt"), "-H", `Token: ${token}`, "-d", "{}", `https://127.0.0.1:${alice.apiPort}/api/v1/domain/query`]);
    assert.notEqual(other.code, 0);
  });

  it("KusciaAPI's gRPC port is TLS with the KusciaAPI server certificate", async () => {
    const cert = await new Promise<tls.PeerCertificate>((resolve, reject) => {
      const s = tls.connect({
        host: "127.0.0.1", port: alice.grpcPort, ca: fs.readFileSync(alice.file("ca.crt")),
        cert: fs.readFileSync(alice.file("kusciaapi-client.crt")), key: fs.readFileSync(alice.file("kusciaapi-client.key")),
        checkServerIdentity: () => undefined,
      }, () => {
        resolve(s.getPeerCertificate());
        s.end();
      });
      s.on("error", reject);
    });
    assert.equal(cert.subject.CN, "KusciaAPI");
  });
});
