import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { dataDir, kusciaHome } from "../common/env";
import { kindOf } from "../store/kinds";
import { Store } from "../store/store";

/** A party's input table: plain CSV (no quoting) with a header and a key column. */
export interface Table {
    readonly header: string[];
    readonly rows: Map<string, string>;
}

const DATA_SOURCE = kindOf("DomainDataSource")!;
const IMAGE_ROOT = "/home/kuscia";

/**
 * The directory a localfs DomainDataSource of namespace `ns` points at, as the example job names it
 * (sf_datasource_config.PARTY.id): spec.uri, else the localfs path of spec.data.encryptInfo (the
 * fields create_domain_datasource.sh's template sets). Paths under /home/kuscia are the node's own.
 */
export function dataSourceDir(store: Store, ns: string, id: string): string {
    const ds = store.get(DATA_SOURCE, ns, id);
    if (!ds)
        throw new Error(
            `input data source ${id} not found in namespace ${ns} (run scripts/deploy/create_domain_datasource.sh ${ns})`,
        );
    const spec: any = ds.spec ?? {};
    if (spec.type !== "localfs")
        throw new Error(
            `data source ${id} in namespace ${ns} is of type ${JSON.stringify(spec.type)}; kuscia-sim reads localfs only`,
        );
    let dir: unknown = spec.uri;
    if (typeof dir !== "string" || !dir) {
        try {
            dir = JSON.parse(spec.data?.encryptInfo ?? "{}")?.localfs?.path;
        } catch {
            dir = undefined;
        }
    }
    if (typeof dir !== "string" || !dir.startsWith("/"))
        throw new Error(`data source ${id} in namespace ${ns} has no localfs path (spec.uri)`);
    const norm = path.posix.normalize(dir);
    if (norm === IMAGE_ROOT || norm.startsWith(`${IMAGE_ROOT}/`))
        return path.join(kusciaHome(), norm.slice(IMAGE_ROOT.length));
    return norm;
}

/** Reads `file` (relative to data source `dataSource` of namespace `ns`), keyed by column `key`. */
export function readTable(store: Store, ns: string, dataSource: string, file: string, key: string): Table {
    const dir = dataSourceDir(store, ns, dataSource);
    const full = path.join(dir, file);
    const shown = path.resolve(dir) === path.resolve(dataDir()) ? `var/storage/data/${file}` : full;
    if (!fs.existsSync(full)) {
        throw new Error(
            `input table ${shown} not found (copy the image's demo tables into the node's data dir, or put your own there)`,
        );
    }
    const lines = fs
        .readFileSync(full, "utf8")
        .split(/\r?\n/)
        .filter(l => l.trim() !== "");
    const header = (lines.shift() ?? "").split(",").map(h => h.trim());
    const keyIndex = header.indexOf(key);
    if (keyIndex < 0) throw new Error(`input table ${shown} has no ${key} column`);
    const rows = new Map<string, string>();
    for (const line of lines) rows.set(line.split(",")[keyIndex].trim(), line);
    return { header, rows };
}

export function hashId(salt: string, id: string): string {
    return crypto.createHash("sha256").update(`${salt}:${id}`).digest("hex");
}

/** Hash → id for every row, under a salt that is fresh for each task. */
export function hashTable(table: Table, salt: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const id of table.rows.keys()) out.set(hashId(salt, id), id);
    return out;
}

/** Writes the party's rows for the intersecting ids, sorted by id, atomically. */
export function writeOutput(table: Table, ids: string[], file: string): number {
    const sorted = [...ids].sort();
    const text = [table.header.join(","), ...sorted.map(id => table.rows.get(id)!)].join("\n") + "\n";
    const out = path.join(dataDir(), file);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, out);
    return sorted.length;
}
