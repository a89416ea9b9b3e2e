/** What one party of a PSI task reads and writes, from the task's SecretFlow taskInputConfig. */
export interface PsiPlan {
    /** The DomainDataSource the party's input is read through (sf_datasource_config.PARTY.id). */
    readonly dataSource: string;
    /** The input table, relative to the data source's path. */
    readonly table: string;
    /** The id column to intersect on. */
    readonly key: string;
    /** The output table, relative to var/storage/data. */
    readonly output: string;
}

/** The data source create_domain_datasource.sh makes, which the example job names for both parties. */
export const DEFAULT_DATA_SOURCE = "default-data-source";

const KEY_PATHS = ["input/receiver_input/key", "input/sender_input/key"];

/**
 * Reads the party's data source id, data_ref uri and key column and the output uri; anything the
 * config does not say (or says unsafely) falls back to `default-data-source`, `<party>.csv`, column
 * `id`, `psi-output.csv`.
 */
export function psiPlan(
    taskInputConfig: unknown,
    party: string,
    domainDataUri: (id: string) => string | undefined = () => undefined,
): PsiPlan {
    const plan = { dataSource: DEFAULT_DATA_SOURCE, table: `${party}.csv`, key: "id", output: "psi-output.csv" };
    const cfg = parseConfig(taskInputConfig);
    const ds = cfg?.sf_datasource_config?.[party]?.id;
    if (typeof ds === "string" && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ds)) plan.dataSource = ds;
    if (Array.isArray(cfg?.sf_input_ids)) return inputIdsPlan(cfg, party, plan, domainDataUri);
    const p = cfg?.sf_node_eval_param;
    const inputs: any[] = Array.isArray(p?.inputs) ? p.inputs : [];
    const i = inputs.findIndex(input => input?.data_refs?.[0]?.party === party);
    if (i >= 0) {
        const uri = inputs[i].data_refs[0].uri;
        if (isSafe(uri)) plan.table = uri;
        const at = Array.isArray(p.attr_paths) ? p.attr_paths.indexOf(KEY_PATHS[i]) : -1;
        const key = at >= 0 ? p.attrs?.[at]?.ss?.[0] : undefined;
        if (typeof key === "string" && key) plan.key = key;
    }
    const out = cfg?.sf_output_uris?.[0];
    if (isSafe(out)) plan.output = out;
    return plan;
}

/**
 * SecretFlow 1.x's shape (Kuscia 1.1.0b0 scripts/templates/task_input_config.2pc_balanced_psi.json):
 * the i-th party of sf_cluster_desc.parties reads the DomainData sf_input_ids[i] of its own
 * namespace (its relativeURI under the data source), keyed on input/input_ds{i+1}/keys, and writes
 * sf_output_uris[i].
 */
function inputIdsPlan(
    cfg: any,
    party: string,
    plan: Mutable<PsiPlan>,
    domainDataUri: (id: string) => string | undefined,
): PsiPlan {
    const parties: unknown[] = Array.isArray(cfg.sf_cluster_desc?.parties) ? cfg.sf_cluster_desc.parties : [];
    const i = parties.indexOf(party);
    if (i < 0) return plan;
    const id = cfg.sf_input_ids[i];
    const uri = typeof id === "string" ? domainDataUri(id) : undefined;
    if (isSafe(uri)) plan.table = uri;
    const p = cfg.sf_node_eval_param;
    const at = Array.isArray(p?.attr_paths) ? p.attr_paths.indexOf(`input/input_ds${i + 1}/keys`) : -1;
    const key = at >= 0 ? p.attrs?.[at]?.ss?.[0] : undefined;
    if (typeof key === "string" && key) plan.key = key;
    const out = cfg.sf_output_uris?.[i];
    if (isSafe(out)) plan.output = out;
    return plan;
}

/** The taskInputConfig string's JSON; undefined when it is none. */
function parseConfig(taskInputConfig: unknown): any {
    try {
        return typeof taskInputConfig === "string" ? JSON.parse(taskInputConfig) : undefined;
    } catch {
        return undefined;
    }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isSafe(uri: unknown): uri is string {
    return typeof uri === "string" && /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/.test(uri) && !uri.split("/").includes("..");
}

/** The SPU device SecretFlow's PSI makes: the first of sf_cluster_desc.devices whose type is spu, any case. */
export interface SpuDevice {
    readonly name: string;
    readonly parties: string[];
    /** Its config string, parsed; `undefined` when that is no JSON. */
    readonly config: unknown;
}

/**
 * SecretFlow's extract_device_config (component/core/config.py at v1.11.0b1, component/component.py
 * at v1.1.0b0) and make_spu (the first SPU). `undefined`: no SPU device, or no config to read.
 */
export function spuDevice(taskInputConfig: unknown): SpuDevice | undefined {
    const cfg = parseConfig(taskInputConfig);
    const devices: any[] = Array.isArray(cfg?.sf_cluster_desc?.devices) ? cfg.sf_cluster_desc.devices : [];
    const d = devices.find(x => typeof x?.type === "string" && x.type.toLowerCase() === "spu");
    if (!d) return undefined;
    let config: unknown;
    try {
        config = JSON.parse(String(d.config ?? ""));
    } catch {
        config = undefined;
    }
    return { name: String(d.name ?? ""), parties: Array.isArray(d.parties) ? d.parties.map(String) : [], config };
}
