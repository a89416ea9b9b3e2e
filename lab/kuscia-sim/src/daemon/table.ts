import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { dataDir } from "../common/env";

/** A party's input table under var/storage/data: plain CSV (no quoting) with a header and a key column. */
export interface Table {
  readonly header: string[];
  readonly rows: Map<string, string>;
}

export function readTable(file: string, key: string): Table {
  const full = path.join(dataDir(), file);
  const shown = `var/storage/data/${file}`;
  if (!fs.existsSync(full)) throw new Error(`input table ${shown} not found (run scripts/deploy/import_demo_data.sh)`);
  const lines = fs.readFileSync(full, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines.shift() ?? "").split(",").map((h) => h.trim());
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
  const text = [table.header.join(","), ...sorted.map((id) => table.rows.get(id)!)].join("\n") + "\n";
  const out = path.join(dataDir(), file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
  return sorted.length;
}
