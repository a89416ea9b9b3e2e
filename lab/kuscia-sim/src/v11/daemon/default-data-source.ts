import { scaled } from "../../daemon/clock";
import { log } from "../../daemon/log";
import { ApiError } from "../../store/admission";
import { API_VERSION, kindOf } from "../../store/kinds";
import { Store } from "../../store/store";

const DATA_SOURCE = kindOf("DomainDataSource")!;
const DATA_DIR = "/home/kuscia/var/storage/data";
/** pkg/datamesh/metaserver/service/operator.go registerDatasourceBestEfforts. */
const RETRY_MS = 5000;

/**
 * The localfs data source datamesh makes on start (pkg/datamesh/metaserver/service/domaindatasource.go
 * CreateDefaultDomainDataSource, path ROOT/var/storage/data), tried again every 5 s while the API server
 * refuses it; in Kuscia its info is encrypted with the domain key, here it is plain. Returns a stop function.
 */
export function registerDefaultDataSource(store: Store, self: string): () => void {
    const attempt = (): boolean => {
        try {
            ensureDefaultDataSource(store, self);
            return true;
        } catch (e) {
            if (!(e instanceof ApiError)) throw e;
            log(`Create default datasource default-data-source failed, error: ${e.message}.`);
            return false;
        }
    };
    if (attempt()) return () => undefined;
    const timer = setInterval(() => attempt() && clearInterval(timer), scaled(RETRY_MS));
    return () => clearInterval(timer);
}

function ensureDefaultDataSource(store: Store, self: string): void {
    if (store.get(DATA_SOURCE, self, "default-data-source")) return;
    store.put(DATA_SOURCE, {
        apiVersion: API_VERSION,
        kind: "DomainDataSource",
        metadata: {
            name: "default-data-source",
            namespace: self,
            labels: { "kuscia.secretflow/domaindatasource-type": "localfs" },
        },
        spec: {
            uri: DATA_DIR,
            type: "localfs",
            name: "default-data-source",
            data: { encryptedInfo: JSON.stringify({ localfs: { path: DATA_DIR } }) },
            accessDirectly: true,
        },
    });
}
