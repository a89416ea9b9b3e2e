import * as fs from "fs";
import * as path from "path";
import { codeRoot } from "./env";

/** The example job's taskInputConfig in the node's tree: each generation ships Kuscia's own, verbatim. */
export const TASK_INPUT_CONFIG_TEMPLATE = path.join("scripts", "templates", "task_input_config.2pc_balanced_psi.json");

/**
 * What create_example_job.sh puts into the job (both generations): the template as `jq -c .` prints
 * it (scripts/user/create_example_job.sh:61 at v0.3.0b0, :63 at v1.1.0b0), sed and YAML leaving it as is.
 */
export function exampleTaskInputConfig(root = codeRoot): string {
  return JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, TASK_INPUT_CONFIG_TEMPLATE), "utf8")));
}
