/** The example job's taskInputConfig: a two-party PSI on the parties' demo tables (shape of SecretFlow 1.1's). */
export function psiTaskInputConfig(): string {
  const table = (party: string, id: string, features: string[]) => ({
    type: "sf.table.individual",
    meta: {
      "@type": "type.googleapis.com/secretflow.component.IndividualTable",
      schema: { ids: [id], features, id_types: ["str"], feature_types: features.map(() => "float") },
      num_lines: "-1",
    },
    data_refs: [{ uri: `${party}.csv`, party, format: "csv" }],
  });
  return JSON.stringify({
    sf_datasource_config: { alice: { id: "default-data-source" }, bob: { id: "default-data-source" } },
    sf_cluster_desc: { parties: ["alice", "bob"], devices: [{ name: "spu", type: "spu", parties: ["alice", "bob"], config: "{}" }] },
    sf_node_eval_param: {
      domain: "preprocessing",
      name: "psi",
      version: "0.0.1",
      attr_paths: ["input/receiver_input/key", "input/sender_input/key", "protocol"],
      attrs: [{ ss: ["id1"] }, { ss: ["id2"] }, { s: "ECDH_PSI_2PC" }],
      inputs: [table("alice", "id1", ["age", "education", "balance"]), table("bob", "id2", ["contact", "month", "y"])],
    },
    sf_output_uris: ["psi-output.csv"],
    sf_output_ids: ["psi-output"],
  });
}
