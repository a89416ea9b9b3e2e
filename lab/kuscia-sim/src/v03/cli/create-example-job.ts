import { applyObject } from "../../cli/kubectl";
import { log, main } from "../../cli/report";
import { defaultJobName, exampleJob, JOB_NAME } from "../../common/example-job";
import { selfDomain } from "../paths";

const APP_IMAGES: Record<string, string> = { PSI: "secretflow-image", NSJAIL_PSI: "secretflow-nsjail-image" };
const USAGE = `create_example_job.sh [JOB_EXAMPLE] [JOB_NAME]
JOB_EXAMPLE:
    PSI                 run psi (default)
    NSJAIL_PSI          run psi via nsjail`;

/**
 * As Kuscia 0.3.0b0's scripts/user/create_example_job.sh: a cluster-scoped KusciaJob between alice and bob,
 * initiator bob on the node of domain bob (NAMESPACE), else alice.
 */
main(([exampleArg, nameArg]) => {
    const example = exampleArg || "PSI";
    if (!(example in APP_IMAGES)) throw new Error(`invalid arguments: JOB_EXAMPLE=${example}\n\n${USAGE}`);
    const self = selfDomain();
    const name = nameArg || defaultJobName(new Date());
    if (!JOB_NAME.test(name) || name.length > 253) throw new Error(`job name should match ${JOB_NAME.source}`);
    log(`With JOB_EXAMPLE=${example}, job via APP_IMAGE=${APP_IMAGES[example]} creating ...`);
    applyObject(exampleJob(name, self, APP_IMAGES[example], [{ domainID: "alice" }, { domainID: "bob" }]));
    log(
        `Job '${name}' created successfully. You can use the following command to display job status:\n  kubectl get kj`,
    );
});
