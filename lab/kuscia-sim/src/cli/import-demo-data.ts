import * as fs from "fs";
import * as path from "path";
import { dataDir, demoDir, selfDomain } from "../common/env";
import { DEMO_COLUMNS } from "../common/demo-tables";
import { API_VERSION } from "../store/kinds";
import { applyObject } from "./kubectl";
import { log, main } from "./report";

main(() => {
  const self = selfDomain();
  const file = `${self}.csv`;
  const src = path.join(demoDir(), file);
  const dst = path.join(dataDir(), file);
  fs.mkdirSync(dataDir(), { recursive: true });
  applyObject({
    apiVersion: API_VERSION,
    kind: "DomainDataSource",
    metadata: { name: "default-data-source", namespace: self },
    spec: { type: "localfs", name: "default-data-source", info: { localfs: { path: "/home/kuscia/var/storage/data" } } },
  });
  if (fs.existsSync(dst)) log(`kept ${dst}`);
  else if (fs.existsSync(src)) {
    fs.copyFileSync(src, dst);
    log(`imported demo table ${file} into ${dataDir()}`);
  } else {
    log(`no demo table for domain ${self}: put your own ${dst} (with an id column) before running jobs`);
    return;
  }
  applyObject({
    apiVersion: API_VERSION,
    kind: "DomainData",
    metadata: { name: `${self}-table`, namespace: self, labels: { "kuscia.secretflow/domaindata-type": "table", "kuscia.secretflow/domaindata-vendor": "manual" } },
    spec: {
      attributes: { description: `${self} demo data` },
      columns: (DEMO_COLUMNS[self] ?? ["id"]).map((name) => ({ name, type: name === "id" ? "str" : "float", comment: "" })),
      dataSource: "default-data-source",
      name: file,
      relativeURI: file,
      type: "table",
      vendor: "manual",
    },
  });
});
