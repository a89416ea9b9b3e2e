import * as fs from "node:fs";
import * as path from "node:path";

/** A Debian mirror as this machine's apt uses it; never written into the repository. */
export interface Mirror {
    uri: string;
    keyring?: string;
}

function fromDeb822(text: string, suite: string): Mirror | undefined {
    for (const stanza of text.split(/\n\s*\n/)) {
        const fields = new Map<string, string>();
        let last = "";
        for (const line of stanza.split("\n")) {
            if (line.startsWith("#") || line.trim() === "") continue;
            const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
            if (m) {
                last = m[1].toLowerCase();
                fields.set(last, m[2].trim());
            } else if (last) {
                fields.set(last, `${fields.get(last)}\n${line.trim()}`);
            }
        }
        const words = (k: string) => (fields.get(k) ?? "").split(/\s+/);
        if (fields.get("enabled")?.toLowerCase() === "no") continue;
        if (
            !words("types").includes("deb") ||
            !words("suites").includes(suite) ||
            !words("components").includes("main")
        )
            continue;
        const uri = words("uris")[0];
        const signedBy = fields.get("signed-by");
        if (uri) return { uri, keyring: signedBy?.startsWith("/") ? signedBy : undefined };
    }
    return undefined;
}

function fromList(text: string, suite: string): Mirror | undefined {
    for (const raw of text.split("\n")) {
        const line = raw.replace(/#.*/, "").trim();
        const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s+(.*)$/.exec(line);
        if (!m || m[3] !== suite || !m[4].split(/\s+/).includes("main")) continue;
        const keyring = /signed-by=(\S+)/.exec(m[1] ?? "")?.[1];
        return { uri: m[2], keyring };
    }
    return undefined;
}

export function aptMirror(suite: string): Mirror {
    const dir = "/etc/apt/sources.list.d";
    const files = fs.existsSync(dir)
        ? fs
              .readdirSync(dir)
              .sort()
              .map(f => path.join(dir, f))
        : [];
    for (const f of [...files, "/etc/apt/sources.list"]) {
        if (!fs.existsSync(f)) continue;
        const text = fs.readFileSync(f, "utf8");
        const found = f.endsWith(".sources")
            ? fromDeb822(text, suite)
            : f.endsWith(".list")
              ? fromList(text, suite)
              : undefined;
        if (found) return found;
    }
    throw new Error(`no 'deb' source for ${suite} main in /etc/apt/sources.list.d/*.sources or sources.list`);
}
