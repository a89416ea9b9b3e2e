import { applyObject } from "../../cli/kubectl";
import { log, main } from "../../cli/report";
import { defaultJobName } from "../../common/job-name";
import { exampleTaskInputConfig } from "../../common/psi-config";
import { API_VERSION } from "../../store/kinds";
import { selfDomain } from "../paths";

const SUB_HOST_REGEXP = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const APP_IMAGES: Record<string, string> = { PSI: "secretflow-image", NSJAIL_PSI: "secretflow-nsjail-image" };

main(([exampleArg, nameArg]) => {
  const example = exampleArg || "PSI";
  if (!(example in APP_IMAGES)) {
    throw new Error(`invalid arguments: JOB_EXAMPLE=${example}\n\ncreate_example_job.sh [JOB_EXAMPLE] [JOB_NAME]\nJOB_EXAMPLE:\n    PSI                 run psi (default)\n    NSJAIL_PSI          run psi via nsjail`);
  }
  const self = selfDomain();
  const initiator = self === "bob" ? "bob" : "alice";
  const name = nameArg || defaultJobName(new Date());
  if (!SUB_HOST_REGEXP.test(name) || name.length > 253) throw new Error(`job name should match ${SUB_HOST_REGEXP.source}`);
  log(`With JOB_EXAMPLE=${example}, job via APP_IMAGE=${APP_IMAGES[example]} creating ...`);
  applyObject({
    apiVersion: API_VERSION,
    kind: "KusciaJob",
    metadata: { name },
    spec: {
      initiator,
      scheduleMode: "BestEffort",
      maxParallelism: 2,
      tasks: [
        {
          taskID: `${name}-single-psi`,
          alias: "single-psi",
          priority: 100,
          taskInputConfig: exampleTaskInputConfig(),
          appImage: APP_IMAGES[example],
          parties: [{ domainID: "alice" }, { domainID: "bob" }],
        },
      ],
    },
  });
  log(`Job '${name}' created successfully. You can use the following command to display job status:\n  kubectl get kj`);
});
