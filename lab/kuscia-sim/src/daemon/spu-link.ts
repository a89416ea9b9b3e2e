import { spuDevice } from "./task-config";

/**
 * What the SPU link uses for what link_desc leaves out: yacl's ContextDesc defaults (link/context.h:40-41,48
 * at 0.4.5b8_nightly_20241014, SecretFlow 1.11.0b1's; the same at aa107d3, SecretFlow 1.1.0b0's).
 */
const YACL_DEFAULTS: Record<string, unknown> = {
    connect_retry_times: 10,
    connect_retry_interval_ms: 1000,
    brpc_channel_protocol: "baidu_std",
};

/** SecretFlow's device/device/spu.py _LINK_DESC_NAMES, each set on yacl's Desc with pybind's type check. */
const LINK_DESC_FIELDS: Record<string, "int" | "str"> = {
    connect_retry_times: "int",
    connect_retry_interval_ms: "int",
    recv_timeout_ms: "int",
    http_max_payload_size: "int",
    http_timeout_ms: "int",
    throttle_window_size: "int",
    brpc_channel_protocol: "str",
    brpc_channel_connection_type: "str",
};

export interface SpuLinkFailure {
    /** How long after the task's start SecretFlow gives up, on Kuscia's clock. */
    readonly afterMs: number;
    readonly message: string;
}

/**
 * How SecretFlow's PSI ends on `self` for the task's SPU device, when it does not run: `undefined` when
 * the link is made (or the config names no SPU device). SecretFlow copies link_desc only when the
 * device's config has one and then reads spu_config["link_desc"] (KeyError, exit 1 at once). yacl's
 * ConnectToMesh tries connect_retry_times times, connect_retry_interval_ms apart, and throws; with any
 * brpc protocol but "http" (unset: baidu_std, binary) the tries never pass Kuscia's gateway, an HTTP
 * connection manager, so the failure comes once the retries are spent.
 */
export function spuLinkFailure(taskInputConfig: unknown, self: string, partner: string): SpuLinkFailure | undefined {
    const spu = spuDevice(taskInputConfig);
    if (!spu) return undefined;
    const exited = (error: string): SpuLinkFailure => ({
        afterMs: 0,
        message: `${self}: SecretFlow exited 1: ${error}`,
    });
    const config: any = spu.config;
    if (config === undefined) return exited(`JSONDecodeError: the config of SPU device "${spu.name}" is not JSON`);
    if (!isObject(config) || !("link_desc" in config)) {
        return exited(
            `KeyError: 'link_desc' (the config of SPU device "${spu.name}" has none; Kuscia's ` +
                `task_input_config.2pc_balanced_psi.json gives link_desc with brpc_channel_protocol "http")`,
        );
    }
    const desc = config.link_desc;
    if (!isObject(desc) && pythonTruthy(desc))
        return exited(`AttributeError: link_desc ${JSON.stringify(desc)} is not an object`);
    const given: Record<string, unknown> = isObject(desc) ? desc : {};
    for (const [name, value] of Object.entries(given)) {
        const kind = LINK_DESC_FIELDS[name];
        if (!kind)
            return exited(
                `InvalidArgumentError: Unsupported param ${name} in link desc, [${Object.keys(LINK_DESC_FIELDS)
                    .map(n => `'${n}'`)
                    .join(", ")}] are now available only.`,
            );
        const ok = kind === "str" ? typeof value === "string" : Number.isSafeInteger(value) && (value as number) >= 0;
        if (!ok)
            return exited(
                `TypeError: link_desc.${name} ${JSON.stringify(value)} is not ` +
                    `${kind === "str" ? "a string" : "an unsigned integer"}`,
            );
    }
    const link = { ...YACL_DEFAULTS, ...given };
    if (link.brpc_channel_protocol === "http") return undefined;
    const tries = link.connect_retry_times as number;
    const interval = link.connect_retry_interval_ms as number;
    const protocol =
        "brpc_channel_protocol" in given
            ? JSON.stringify(given.brpc_channel_protocol)
            : `"baidu_std" (yacl's default: link_desc names none)`;
    return {
        afterMs: Math.max(0, tries - 1) * interval,
        message:
            `${self}->${partner}: SecretFlow's SPU link never connected: brpc_channel_protocol ${protocol} is not "http", ` +
            `the only one Kuscia's gateway carries; gave up after connect_retry_times ${tries}, ${interval} ms apart: ` +
            `connect to mesh failed, failed to setup connection to rank=${spu.parties.indexOf(partner)}`,
    };
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Python's truth of a JSON value (json.loads): null, false, 0, "" and [] are false. */
function pythonTruthy(v: unknown): boolean {
    return !(v === null || v === false || v === 0 || v === "" || (Array.isArray(v) && v.length === 0));
}
