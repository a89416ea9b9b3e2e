import * as fs from "fs";
import * as path from "path";
import { demoTableCsv } from "../common/demo-tables";
import { log, main } from "./report";

main(([outDir]) => {
    if (!outDir) throw new Error("usage: gen-demo-data.js OUT_DIR");
    fs.mkdirSync(outDir, { recursive: true });
    for (const party of ["alice", "bob"]) {
        fs.writeFileSync(path.join(outDir, `${party}.csv`), demoTableCsv(party));
        log(`wrote ${path.join(outDir, `${party}.csv`)}`);
    }
});
