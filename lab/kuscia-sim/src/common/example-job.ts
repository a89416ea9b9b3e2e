import * as fs from "fs";
import * as path from "path";
import { API_VERSION } from "../store/kinds";
import { KObject } from "../store/object";
import { codeRoot } from "./env";

/**
 * The example PSI job of Kuscia's scripts/user/create_example_job.sh, which both generations ship: the
 * KusciaJob of scripts/templates/job.2pc_balanced_psi.yaml between the hard-coded parties alice and bob.
 */

/** The example job's taskInputConfig in the node's tree: each generation ships Kuscia's own, verbatim. */
export const TASK_INPUT_CONFIG_TEMPLATE = path.join("scripts", "templates", "task_input_config.2pc_balanced_psi.json");

/** The job names create_example_job.sh takes (its SUB_HOST_REGEXP). */
export const JOB_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * What create_example_job.sh puts into the job (both generations): the template as `jq -c .` prints
 * it (scripts/user/create_example_job.sh:61 at v0.3.0b0, :63 at v1.1.0b0), sed and YAML leaving it as is.
 */
export function exampleTaskInputConfig(root = codeRoot): string {
    return JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, TASK_INPUT_CONFIG_TEMPLATE), "utf8")));
}

/** create_example_job.sh's default job name, `secretflow-task-$(date +%Y%m%d%H%M%S)` (local time). */
export function defaultJobName(d: Date): string {
    const p = (n: number) => String(n).padStart(2, "0");
    const date = `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`;
    return `secretflow-task-${date}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** The job's initiator: bob on the node of domain bob, else alice. */
export const exampleInitiator = (self: string) => (self === "bob" ? "bob" : "alice");

/** The KusciaJob, its one task `NAME-single-psi` running `appImage` between `parties` (alice and bob). */
export function exampleJob(
    name: string,
    self: string,
    appImage: string,
    parties: unknown[],
    namespace?: string,
): KObject {
    return {
        apiVersion: API_VERSION,
        kind: "KusciaJob",
        metadata: namespace ? { name, namespace } : { name },
        spec: {
            initiator: exampleInitiator(self),
            scheduleMode: "BestEffort",
            maxParallelism: 2,
            tasks: [
                {
                    taskID: `${name}-single-psi`,
                    alias: "single-psi",
                    priority: 100,
                    taskInputConfig: exampleTaskInputConfig(),
                    appImage,
                    parties,
                },
            ],
        },
    };
}
