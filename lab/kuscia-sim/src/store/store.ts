import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { admit } from "./admission";
import { KindInfo } from "./kinds";
import { KObject, kubeTime } from "./object";

const CLUSTER_SCOPE_DIR = "_cluster";
/** Names that are safe as file names; every valid Kubernetes name is. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Objects as JSON files, one per object: ROOT/<plural>/<namespace or _cluster>/<name>.json.
 * Writes go to a temporary file renamed into place, so readers never see half an object
 * and the store survives restarts of the node.
 */
export class Store {
    constructor(readonly root: string) {}

    private dir(kind: KindInfo, namespace: string | undefined): string {
        return path.join(this.root, kind.plural, kind.namespaced ? namespace || "default" : CLUSTER_SCOPE_DIR);
    }

    private file(kind: KindInfo, namespace: string | undefined, name: string): string {
        return path.join(this.dir(kind, namespace), `${name}.json`);
    }

    get(kind: KindInfo, namespace: string | undefined, name: string): KObject | undefined {
        if (!SAFE_NAME.test(name) || (namespace && !SAFE_NAME.test(namespace))) return undefined;
        try {
            return JSON.parse(fs.readFileSync(this.file(kind, namespace, name), "utf8")) as KObject;
        } catch (e: any) {
            if (e.code === "ENOENT") return undefined;
            throw e;
        }
    }

    /** Objects of a kind, sorted by namespace then name; namespace undefined means all namespaces. */
    list(kind: KindInfo, namespace?: string): KObject[] {
        const base = path.join(this.root, kind.plural);
        const namespaces = !kind.namespaced ? [CLUSTER_SCOPE_DIR] : namespace ? [namespace] : readdir(base).sort();
        const out: KObject[] = [];
        for (const ns of namespaces) {
            for (const f of readdir(path.join(base, ns))
                .filter(f => f.endsWith(".json"))
                .sort()) {
                const obj = this.get(kind, kind.namespaced ? ns : undefined, f.slice(0, -".json".length));
                if (obj) out.push(obj);
            }
        }
        return out;
    }

    /**
     * Writes an object, filling in server-side metadata; returns what was stored. Throws the API server's refusals
     * (ApiError).
     */
    put(kind: KindInfo, obj: KObject): KObject {
        const meta = obj.metadata;
        if (!SAFE_NAME.test(meta.name) || (meta.namespace && !SAFE_NAME.test(meta.namespace))) {
            throw new Error(`invalid object name ${JSON.stringify(meta.name)}`);
        }
        if (!kind.namespaced) delete meta.namespace;
        else meta.namespace = meta.namespace || "default";
        admit(kind, obj);
        meta.uid = meta.uid || crypto.randomUUID();
        meta.creationTimestamp = meta.creationTimestamp || kubeTime();
        meta.resourceVersion = String(Number(meta.resourceVersion || "0") + 1);
        const file = this.file(kind, meta.namespace, meta.name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(obj, null, 2));
        fs.renameSync(tmp, file);
        return obj;
    }

    /** Re-reads an object, lets `change` edit it, and stores it; undefined when it does not exist. */
    update(
        kind: KindInfo,
        namespace: string | undefined,
        name: string,
        change: (obj: KObject) => void,
    ): KObject | undefined {
        const obj = this.get(kind, namespace, name);
        if (!obj) return undefined;
        change(obj);
        return this.put(kind, obj);
    }

    delete(kind: KindInfo, namespace: string | undefined, name: string): boolean {
        if (!SAFE_NAME.test(name) || (namespace && !SAFE_NAME.test(namespace))) return false;
        try {
            fs.unlinkSync(this.file(kind, namespace, name));
            return true;
        } catch (e: any) {
            if (e.code === "ENOENT") return false;
            throw e;
        }
    }
}

function readdir(dir: string): string[] {
    try {
        return fs.readdirSync(dir);
    } catch (e: any) {
        if (e.code === "ENOENT") return [];
        throw e;
    }
}
