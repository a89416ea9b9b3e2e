import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as yaml from "js-yaml";
import { tempRootV11, V11Node } from "./helpers/node-v11";

describe("kuscia init (Kuscia 1.1.0b0)", () => {
    let root: string;
    let node: V11Node;

    before(async () => {
        root = tempRootV11("init");
        node = await V11Node.create("alice", root);
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it(
        "prints the autonomy config: confloader.AutonomyKusciaConfig's " +
            "keys in order, protocol left out when empty",
        async () => {
            // cmd/kuscia/confloader/kuscia_config.go AutonomyKusciaConfig, CommonConfig (`protocol,omitempty`).
            const r = await node.kuscia(["init", "--mode", "autonomy", "--domain", "alice"]);
            assert.equal(r.code, 0, r.stderr);
            const keys = r.stdout
                .split("\n")
                .filter(l => /^[a-zA-Z]/.test(l))
                .map(l => l.split(":")[0]);
            assert.deepEqual(keys, [
                "mode",
                "domainID",
                "domainKeyData",
                "logLevel",
                "runtime",
                "runk",
                "capacity",
                "reservedResources",
                "image",
                "datastoreEndpoint",
            ]);
            const doc = yaml.load(r.stdout) as any;
            assert.equal(doc.mode, "autonomy");
            assert.equal(doc.domainID, "alice");
            assert.equal(doc.logLevel, "INFO");
            assert.equal(doc.runtime, "runc");
            // fmt.Println after yaml.Marshal: the document ends with an empty line.
            assert.ok(r.stdout.endsWith("\n\n"));
        },
    );

    it("domainKeyData is base64 of a PEM PKCS#1 2048-bit RSA key, new on each run", async () => {
        // pkg/utils/tls/crypt.go GenerateKeyData.
        const a = yaml.load((await node.kuscia(["init", "--mode", "autonomy", "--domain", "alice"])).stdout) as any;
        const b = yaml.load((await node.kuscia(["init", "--mode", "autonomy", "--domain", "alice"])).stdout) as any;
        const pem = Buffer.from(a.domainKeyData, "base64").toString();
        const key = crypto.createPrivateKey(pem);
        assert.equal(
            key.export({ type: "pkcs1", format: "pem" }),
            pem,
            "the PEM is PKCS#1, as Go's x509.MarshalPKCS1PrivateKey writes it",
        );
        assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
        assert.notEqual(a.domainKeyData, b.domainKeyData);
    });

    it(
        "-p writes protocol as given; -f takes a PKCS#8 key " + "file as it is; -r and -l land in runtime and logLevel",
        async () => {
            // init.go convert2CommonConfig; crypt.go LoadKeyData (base64 of the file, after it parses).
            const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
            const keyFile = path.join(root, "key.pem");
            fs.writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
            const r = await node.kuscia([
                "init",
                "--mode",
                "Autonomy",
                "-d",
                "alice",
                "-p",
                "NOTLS",
                "-f",
                keyFile,
                "-r",
                "runp",
                "-l",
                "DEBUG",
            ]);
            assert.equal(r.code, 0, r.stderr);
            const doc = yaml.load(r.stdout) as any;
            assert.equal(doc.protocol, "NOTLS");
            assert.equal(doc.mode, "Autonomy");
            assert.equal(doc.runtime, "runp");
            assert.equal(doc.logLevel, "DEBUG");
            assert.equal(Buffer.from(doc.domainKeyData, "base64").toString(), fs.readFileSync(keyFile, "utf8"));
        },
    );

    it("refuses master, names that are not k8s names, and unknown protocols or runtimes", async () => {
        // init.go RunE (UnSupportedDomainID) and validateConfig; pkg/common/constants.go K3sRegex.
        const cases: [string[], RegExp][] = [
            [["--domain", "master"], /Input domain id can't be 'master'/],
            [["--domain", "Alice"], /invalid domain: must conform to a regular expression/],
            [["--domain", "a_b"], /invalid domain: must conform/],
            [[], /invalid domain: empty not allowed/],
            [["--domain", "alice", "-p", "QUIC"], /unsupported protocol: QUIC/],
            [["--domain", "alice", "-r", "docker"], /unsupported runtime: docker/],
        ];
        for (const [args, message] of cases) {
            const r = await node.kuscia(["init", "--mode", "autonomy", ...args]);
            assert.equal(r.code, 1, args.join(" "));
            assert.equal(r.stdout, "");
            assert.match(r.stderr, message);
        }
    });
});
