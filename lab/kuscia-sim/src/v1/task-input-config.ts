/**
 * The example job's taskInputConfig as Kuscia 1.1.0b0 ships it
 * (scripts/templates/task_input_config.2pc_balanced_psi.json): SecretFlow 1.x's shape, its inputs
 * named by DomainData id (sf_input_ids), the keys under input/input_ds{1,2}/keys.
 */
export function taskInputConfigV1(parties: [string, string], inputIds: [string, string]): string {
  return JSON.stringify({
    sf_datasource_config: Object.fromEntries(parties.map((p) => [p, { id: "default-data-source" }])),
    sf_cluster_desc: {
      parties,
      devices: [
        { name: "spu", type: "spu", parties, config: JSON.stringify({ runtime_config: { protocol: "SEMI2K", field: "FM128" } }) },
        { name: "heu", type: "heu", parties, config: JSON.stringify({ mode: "PHEU", schema: "paillier", key_size: 2048 }) },
      ],
      ray_fed_config: { cross_silo_comm_backend: "brpc_link" },
    },
    sf_node_eval_param: {
      domain: "data_prep",
      name: "psi",
      version: "1.0.0",
      attr_paths: ["input/input_ds1/keys", "input/input_ds2/keys", "protocol", "sort_result", "receiver_parties", "allow_empty_result",
        "join_type", "input_ds1_keys_duplicated", "input_ds2_keys_duplicated"],
      attrs: [
        { is_na: false, ss: ["id1"] }, { is_na: false, ss: ["id2"] }, { is_na: false, s: "PROTOCOL_RR22" }, { b: true, is_na: false },
        { is_na: false, ss: parties }, { is_na: true }, { is_na: false, s: "inner_join" }, { b: true, is_na: false }, { b: true, is_na: false },
      ],
    },
    sf_input_ids: inputIds,
    sf_output_ids: ["psi-output", "psi-output"],
    sf_output_uris: ["psi-output.csv", "psi-output.csv"],
  });
}
