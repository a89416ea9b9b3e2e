/** SecretFlow's SPU link settings in Kuscia 1.1.0b0's template: brpc over HTTP, which Kuscia's gateway carries. */
export const SPU_LINK_DESC = {
    connect_retry_times: 60,
    connect_retry_interval_ms: 1000,
    brpc_channel_protocol: "http",
    brpc_channel_connection_type: "pooled",
    recv_timeout_ms: 1200000,
    http_timeout_ms: 1200000,
};

/**
 * The example job's taskInputConfig as Kuscia 1.1.0b0 ships it
 * (scripts/templates/task_input_config.2pc_balanced_psi.json) with any two parties: SecretFlow 1.x's
 * shape, its inputs named by DomainData id (sf_input_ids), the keys under input/input_ds{1,2}/keys.
 * With alice and bob it is the template exactly, as create_example_job.sh sends it.
 */
export function taskInputConfigV11(parties: [string, string], inputIds: [string, string]): string {
    return JSON.stringify({
        sf_datasource_config: Object.fromEntries(parties.map(p => [p, { id: "default-data-source" }])),
        sf_cluster_desc: {
            parties,
            devices: [
                {
                    name: "spu",
                    type: "spu",
                    parties,
                    config: JSON.stringify({
                        runtime_config: { protocol: "SEMI2K", field: "FM128" },
                        link_desc: SPU_LINK_DESC,
                    }),
                },
                {
                    name: "heu",
                    type: "heu",
                    parties,
                    config: '{"mode": "PHEU", "schema": "paillier", "key_size": 2048}',
                },
            ],
            ray_fed_config: { cross_silo_comm_backend: "brpc_link" },
        },
        sf_node_eval_param: {
            domain: "data_prep",
            name: "psi",
            version: "1.0.0",
            attr_paths: [
                "input/input_ds1/keys",
                "input/input_ds2/keys",
                "protocol",
                "sort_result",
                "receiver_parties",
                "allow_empty_result",
                "join_type",
                "input_ds1_keys_duplicated",
                "input_ds2_keys_duplicated",
            ],
            attrs: [
                { is_na: false, ss: ["id1"] },
                { is_na: false, ss: ["id2"] },
                { is_na: false, s: "PROTOCOL_RR22" },
                { b: true, is_na: false },
                { is_na: false, ss: parties },
                { is_na: true },
                { is_na: false, s: "inner_join" },
                { b: true, is_na: false },
                { b: true, is_na: false },
            ],
        },
        sf_input_ids: inputIds,
        sf_output_ids: ["psi-output", "psi-output"],
        sf_output_uris: ["psi-output.csv", "psi-output.csv"],
    });
}
