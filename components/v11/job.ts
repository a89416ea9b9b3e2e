import * as pulumi from "@pulumi/pulumi";
import { ExampleJobRun, JobProcedure } from "../core/procedures";
import { JobParty } from "../core/types";
import { remoteStep } from "../core/remoteSteps";

/** The namespace of Kuscia 1.x jobs (scripts/templates/job.2pc_balanced_psi.yaml at v1.1.0b0). */
export const jobNamespace = "cross-domain";

/**
 * The demo table each party of the example job reads: the initiator alice's, the partner bob's, as the image's example.
 */
export const demoTables = { initiator: "alice-table", partner: "bob-table" } as const;

/**
 * The template's SPU device config, as it is. Its `link_desc` is what lets SPU's links pass Kuscia's
 * gateway: SecretFlow reads `link_desc` unconditionally (KeyError without it), and without
 * `brpc_channel_protocol: "http"` the link speaks brpc's binary baidu_std, which the gateway's HTTP
 * listener cannot carry.
 */
const spuConfig =
    '{"runtime_config":{"protocol":"SEMI2K","field":"FM128"},"link_desc":{"connect_retry_times":60,' +
    '"connect_retry_interval_ms":1000,"brpc_channel_protocol":"http","brpc_channel_connection_type":"pooled",' +
    '"recv_timeout_ms":1200000,"http_timeout_ms":1200000}}';
const heuConfig = '{"mode": "PHEU", "schema": "paillier", "key_size": 2048}';

/**
 * The image's two-party PSI example job (scripts/templates/job.2pc_balanced_psi.yaml and
 * task_input_config.2pc_balanced_psi.json at v1.1.0b0) for any two parties: the initiator's
 * alice-table against the partner's bob-table, both through default-data-source, psi-output.csv on both.
 */
export function psiJob(jobId: string, initiator: string, partner: string): object {
    const parties = [initiator, partner];
    const taskInputConfig = {
        sf_datasource_config: Object.fromEntries(parties.map(p => [p, { id: "default-data-source" }])),
        sf_cluster_desc: {
            parties,
            devices: [
                { name: "spu", type: "spu", parties, config: spuConfig },
                { name: "heu", type: "heu", parties, config: heuConfig },
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
                { is_na: false, b: true },
                { is_na: false, ss: parties },
                { is_na: true },
                { is_na: false, s: "inner_join" },
                { is_na: false, b: true },
                { is_na: false, b: true },
            ],
        },
        sf_input_ids: [demoTables.initiator, demoTables.partner],
        sf_output_ids: ["psi-output", "psi-output"],
        sf_output_uris: ["psi-output.csv", "psi-output.csv"],
    };
    const limit = (to: string) => [{ destinationID: to, limitKBps: 100 }];
    return {
        apiVersion: "kuscia.secretflow/v1alpha1",
        kind: "KusciaJob",
        metadata: { namespace: jobNamespace, name: jobId },
        spec: {
            initiator,
            scheduleMode: "BestEffort",
            maxParallelism: 2,
            tasks: [
                {
                    taskID: `${jobId}-single-psi`,
                    alias: "single-psi",
                    priority: 100,
                    taskInputConfig: JSON.stringify(taskInputConfig),
                    appImage: "secretflow-image",
                    parties: [
                        { domainID: initiator, bandwidthLimits: limit(partner) },
                        { domainID: partner, bandwidthLimits: limit(initiator) },
                    ],
                },
            ],
        },
    };
}

/**
 * Kuscia 1.1's guide's job preparation and run, for any two parties: each party grants the other its demo
 * table through its own KusciaAPI, then the initiator creates the KusciaJob and waits for its end.
 */
export const jobV11: JobProcedure = {
    takesPartner: true,

    problems(name: string, initiator: JobParty, partner: JobParty | undefined): string[] {
        if (partner === undefined) {
            return [
                `${name}.partner is required for a Kuscia 1.1 job: the other party (the image's example hard-codes alice and bob; this job takes any two)`,
            ];
        }
        if (partner.domainId === initiator.domainId) {
            return [`${name}.partner is the initiator '${initiator.domainId}' itself`];
        }
        return [initiator, partner]
            .filter(p => p.demoData === undefined)
            .map(p => `${name}: the job reads the demo tables; give node '${p.domainId}' demoData: true`);
    },

    run(name: string, job: ExampleJobRun, initiator: JobParty, partner: JobParty | undefined, parent: pulumi.Resource) {
        const other = partner!;
        const grant = (from: JobParty, to: JobParty, table: string) =>
            remoteStep(
                `${name}-${from.domainId}-grants-${table}-to-${to.domainId}`,
                from.steps,
                {
                    run: ["grant-table"],
                    values: {
                        SELF: from.domainId,
                        PEER: to.domainId,
                        TABLE: table,
                        CONTAINER: from.containerName,
                        ...from.apiValues,
                    },
                    triggers: [from.ready.id],
                },
                { parent, dependsOn: [from.ready, from.demoData!, ...job.after] },
            );
        const grants = [grant(initiator, other, demoTables.initiator), grant(other, initiator, demoTables.partner)];
        const values = { CONTAINER: initiator.containerName, JOB_ID: job.jobId, NAMESPACE: jobNamespace };
        return remoteStep(
            `${name}-job`,
            initiator.steps,
            {
                run: ["run-job"],
                values: { ...values, TIMEOUT_SECONDS: job.timeoutSeconds },
                stdin: JSON.stringify(psiJob(job.jobId, initiator.domainId, other.domainId)),
                onDelete: ["delete-job"],
                deleteValues: values,
                triggers: [initiator.ready.id, other.ready.id],
            },
            {
                parent,
                deleteBeforeReplace: true,
                dependsOn: [initiator.ready, initiator.appImage, other.appImage, ...grants, ...job.after],
            },
        );
    },
};
