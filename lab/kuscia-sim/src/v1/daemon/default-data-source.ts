import { API_VERSION, kindOf } from "../../store/kinds";
import { Store } from "../../store/store";

const DATA_SOURCE = kindOf("DomainDataSource")!;
const DATA_DIR = "/home/kuscia/var/storage/data";

/**
 * The localfs data source datamesh makes on start (pkg/datamesh/metaserver/service/domaindatasource.go
 * CreateDefaultDomainDataSource, path ROOT/var/storage/data); in Kuscia its info is encrypted with the
 * domain key, here it is plain.
 */
export function ensureDefaultDataSource(store: Store, self: string): void {
  if (store.get(DATA_SOURCE, self, "default-data-source")) return;
  store.put(DATA_SOURCE, {
    apiVersion: API_VERSION, kind: "DomainDataSource",
    metadata: { name: "default-data-source", namespace: self, labels: { "kuscia.secretflow/domaindatasource-type": "localfs" } },
    spec: { uri: DATA_DIR, type: "localfs", name: "default-data-source", data: { encryptedInfo: JSON.stringify({ localfs: { path: DATA_DIR } }) }, accessDirectly: true },
  });
}
