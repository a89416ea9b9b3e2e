import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/*
 * The library's files on the machine that runs pulumi (the steps bundle, the docker provider's SSH
 * key files) live in a cache directory only the operator can write: another local user who could
 * plant a file there would run code on every node host, or read a key.
 */

/** PULUMI_KUSCIA_CACHE, else the user's cache dir's `pulumi-kuscia`. */
export function cacheRoot(): string {
    return (
        process.env.PULUMI_KUSCIA_CACHE ??
        path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-kuscia")
    );
}

/**
 * `<cache root>/<name>`, made private: the root and the dir are created with mode 0700 when missing; an
 * existing one of ours that others may enter is narrowed to 0700; one owned by another user is refused.
 */
export function privateCacheDir(name: string): string {
    const root = cacheRoot();
    const dir = path.join(root, name);
    for (const d of [root, dir]) {
        fs.mkdirSync(d, { recursive: true, mode: 0o700 });
        const st = fs.lstatSync(d);
        if (!st.isDirectory() || st.uid !== process.getuid!()) {
            throw new Error(
                `${d} is ${st.isDirectory() ? `owned by uid ${st.uid}` : "not a directory"}: the library keeps its steps ` +
                    "and SSH key files only in a directory of the user running pulumi (set PULUMI_KUSCIA_CACHE to one)",
            );
        }
        if ((st.mode & 0o077) !== 0) {
            fs.chmodSync(d, 0o700);
        }
    }
    return dir;
}
