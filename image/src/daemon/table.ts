import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { dataDir } from "../common/env";

/** A party's input table: var/storage/data/<domain>.csv with a header and an `id` column (plain CSV, no quoting). */
export interface Table {
  readonly header: string[];
  readonly rows: Map<string, string>;
}

export function readTable(domain: string): Table {
  const file = path.join(dataDir(), `${domain}.csv`);
  if (!fs.existsSync(file)) throw new Error(`input table var/storage/data/${domain}.csv not found (run scripts/deploy/import_demo_data.sh)`);
  const lines = fs.readFileSync(file, "utf8").split(/\r?\n/).filter((l) => l.trim() !== "");
  const header = (lines.shift() ?? "").split(",").map((h) => h.trim());
  const idIndex = header.indexOf("id");
  if (idIndex < 0) throw new Error(`input table var/storage/data/${domain}.csv has no id column`);
  const rows = new Map<string, string>();
  for (const line of lines) rows.set(line.split(",")[idIndex].trim(), line);
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
export function writeOutput(table: Table, ids: string[], file = "psi-output.csv"): number {
  const sorted = [...ids].sort();
  const text = [table.header.join(","), ...sorted.map((id) => table.rows.get(id)!)].join("\n") + "\n";
  const out = path.join(dataDir(), file);
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, out);
  return sorted.length;
}
