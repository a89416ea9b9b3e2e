import * as pulumi from "@pulumi/pulumi";
import { ExampleJobRun, JobProcedure } from "../core/procedures";
import { JobParty } from "../core/types";
import { remoteStep } from "../core/remoteSteps";

/** Kuscia 0.3's example job: create_example_job.sh on the initiator, whose parties are the image's alice and bob. */
export const jobV03: JobProcedure = {
    takesPartner: false,

    problems(name: string, initiator: JobParty, partner: JobParty | undefined): string[] {
        return partner === undefined
            ? []
            : [
                  `${name}.partner: the Kuscia 0.3 example job's parties are create_example_job.sh's alice and bob; give no partner`,
              ];
    },

    run(name: string, job: ExampleJobRun, initiator: JobParty, _partner, parent: pulumi.Resource) {
        const values = { CONTAINER: initiator.containerName, JOB_ID: job.jobId };
        return remoteStep(
            `${name}-job`,
            initiator.steps,
            {
                run: ["run-job"],
                values: { ...values, TIMEOUT_SECONDS: job.timeoutSeconds },
                onDelete: ["delete-job"],
                deleteValues: values,
                triggers: [initiator.ready.id],
            },
            { parent, deleteBeforeReplace: true, dependsOn: [initiator.ready, initiator.appImage, ...job.after] },
        );
    },
};
