// The stack identity's key formats and token, as Kuscia 0.3.0b0 writes and reads them: domain.key and
// ca.key PKCS#1 (its Go code parses them with ParsePKCS1PrivateKey), kusciaapi-client.key PKCS#8
// (init_kusciaapi_cert.sh's genpkey), the token 64 hex characters (a sha256sum).
// The mocks give each tls.PrivateKey a PKCS#1 `privateKeyPem` and a PKCS#8 `privateKeyPemPkcs8`, as the
// tls provider does for RSA, labelled with the key's name: so the files show which output of which key they hold.
import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { named, pem, plain, resolve, settle, stdinFiles } from "./harness";
import * as kuscia from "../../components";

const connection = {
    host: "10.213.0.11",
    port: 22,
    user: "op1",
    privateKey: pem("OPENSSH PRIVATE KEY", "k"),
    hostKey: "ssh-ed25519 AAAAC3Nza host",
};

describe("stack identity: key formats and token as Kuscia's", () => {
    let node: kuscia.KusciaAutonomyNode;
    let files: Record<string, string>;
    before(async () => {
        node = new kuscia.KusciaAutonomyNode("idf", {
            domainId: "alice",
            connection,
            gatewayPort: 8081,
            privileged: false,
        });
        await resolve(node.api);
        await settle();
        files = Object.fromEntries(stdinFiles(named("idf-identity").inputs.stdin).map(f => [f.name, f.text]));
    });

    it("makes every key RSA 2048", () => {
        for (const k of ["domain", "ca", "gateway", "api-server", "api-client"]) {
            const inputs = named(`idf-${k}-key`).inputs;
            assert.equal(inputs.algorithm, "RSA", k);
            assert.equal(inputs.rsaBits, 2048, k);
        }
    });

    it("writes domain.key and ca.key as PKCS#1 (RSA PRIVATE KEY), as ParsePKCS1PrivateKey requires", () => {
        assert.equal(files["domain.key"], pem("RSA PRIVATE KEY", "key-of-idf-domain-key"));
        assert.equal(files["ca.key"], pem("RSA PRIVATE KEY", "key-of-idf-ca-key"));
        assert.equal(
            plain(named("idf-domain-csr").inputs.privateKeyPem),
            files["domain.key"],
            "the CSR is made with that key",
        );
        assert.equal(
            plain(named("idf-ca-cert").inputs.privateKeyPem),
            files["ca.key"],
            "the CA certificate is made with that key",
        );
    });

    it("writes the server keys PKCS#1 as genrsa does, and kusciaapi-client.key PKCS#8 as genpkey does", () => {
        assert.equal(files["external_tls.key"], pem("RSA PRIVATE KEY", "key-of-idf-gateway-key"));
        assert.equal(files["kusciaapi-server.key"], pem("RSA PRIVATE KEY", "key-of-idf-api-server-key"));
        assert.equal(files["kusciaapi-client.key"], pem("PRIVATE KEY", "pkcs8-of-idf-api-client-key"));
    });

    it("gives the API's client key in the same PKCS#8 form, and a 64-hex token equal to the token file", async () => {
        const api = await resolve(node.api);
        assert.equal(api.secret, true);
        assert.equal(api.value.clientKeyPem, files["kusciaapi-client.key"]);
        assert.match(files.token, /^[0-9a-f]{64}$/);
        assert.equal(api.value.token, files.token);
        assert.equal(
            files.token,
            crypto.createHash("sha256").update(pem("RSA PRIVATE KEY", "key-of-idf-api-token-seed")).digest("hex"),
            "derived from the seed key in state, so stable across runs",
        );
    });
});
