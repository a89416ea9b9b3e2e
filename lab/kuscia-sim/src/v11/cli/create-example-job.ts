import * as fs from "fs";
import { applyObject } from "../../cli/kubectl";
import { main } from "../../cli/report";
import { defaultJobName, exampleJob, JOB_NAME } from "../../common/example-job";
import { CROSS_DOMAIN } from "../cross-domain";
import { mountedConfigFile } from "../paths";

const APP_IMAGES: Record<string, string> = {
    PSI: "secretflow-image",
    PSI_WITH_DP: "secretflow-image",
    NSJAIL_PSI: "secretflow-nsjail-image",
};
const USAGE = `create_example_job.sh [JOB_EXAMPLE] [JOB_NAME]
JOB_EXAMPLE:
    PSI                 run psi with default-data-source (default).
    NSJAIL_PSI          run psi via nsjail. Set env 'export ALLOW_PRIVILEGED=true' before deployment.
`;

/**
 * As Kuscia 1.1.0b0's scripts/user/create_example_job.sh: a KusciaJob in namespace cross-domain
 * between the hard-coded parties alice and bob (scripts/templates/job.2pc_balanced_psi.yaml),
 * initiator bob when the node's config says domainID bob, else alice. The taskInputConfig is
 * scripts/templates/task_input_config.2pc_balanced_psi.json for every example (the real script sends
 * the _dp template for PSI_WITH_DP, whose data proxy tables are not simulated).
 */
main(([exampleArg, nameArg]) => {
    const example = exampleArg || "PSI";
    if (!(example in APP_IMAGES)) {
        process.stderr.write(`invalid arguments: JOB_EXAMPLE=${example}\n\n${USAGE}`);
        process.exitCode = 1;
        return;
    }
    const self = /^domainID:\s*"?([^"\s]*)"?/m.exec(readConfig())?.[1] ?? "";
    const name = nameArg || defaultJobName(new Date());
    if (!JOB_NAME.test(name)) {
        process.stdout.write(`job name should match ${JOB_NAME.source}\n`);
        process.exitCode = 1;
        return;
    }
    process.stdout.write(`With JOB_EXAMPLE=${example}, job via APP_IMAGE=${APP_IMAGES[example]} creating ...\n`);
    const parties = [
        { domainID: "alice", bandwidthLimits: [{ destinationID: "bob", limitKBps: 100 }] },
        { domainID: "bob", bandwidthLimits: [{ destinationID: "alice", limitKBps: 100 }] },
    ];
    applyObject(exampleJob(name, self, APP_IMAGES[example], parties, CROSS_DOMAIN));
    process.stdout.write(
        `Job '${name}' created successfully. You can use the following command to display job status:\n` +
            `  kubectl get kj -n ${CROSS_DOMAIN}\n`,
    );
});

function readConfig(): string {
    try {
        return fs.readFileSync(mountedConfigFile(), "utf8");
    } catch {
        return "";
    }
}
