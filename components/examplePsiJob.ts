import * as pulumi from "@pulumi/pulumi";
import { KusciaAutonomyNode } from "./kusciaAutonomyNode";
import { jobIdProblems, secondsProblems, throwIfProblems } from "./core/validation";
import { componentTypes } from "./core/typeTokens";

export interface ExamplePsiJobArgs {
    /** The node that creates the job: its initiator (0.3: create_example_job.sh runs there). */
    readonly node: KusciaAutonomyNode;
    /** Kuscia 1.1: the other party (both need demoData); 0.3's example job has its own parties, alice and bob. */
    readonly partner?: KusciaAutonomyNode;
    /** The KusciaJob name: a DNS subdomain name. */
    readonly jobId: string;
    /** Seconds to wait for the job to end, 1 to 86400; default 300. */
    readonly timeoutSeconds?: number;
    /** Resources that must exist first, such as the MutualAuthorization between the parties. */
    readonly after?: pulumi.Resource[];
}

/**
 * The last step of deploy_p2p_multi_machine_cn.md ("执行作业"): the two-party PSI example job, created on one node and
 * awaited until it succeeds (Kuscia 1.1: after each party granted the other its demo table).
 */
export class ExamplePsiJob extends pulumi.ComponentResource {
    /** The job's final phase, once it ended: `Succeeded` (a failed job fails the step). */
    public readonly phase: pulumi.Output<string>;

    /**
     * @param name The component's name.
     * @param args The node that creates the job, its name and timeout, and what must exist first.
     * @param opts Resource options for the component.
     */

    constructor(name: string, args: ExamplePsiJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentTypes.ExamplePsiJob, name, {}, opts);
        const timeout = args.timeoutSeconds ?? 300;
        const generation = args.node.generation;
        throwIfProblems([
            ...jobIdProblems(`${name}.jobId`, args.jobId),
            ...secondsProblems(`${name}.timeoutSeconds`, timeout),
            ...(args.partner === undefined || args.partner.generationName === args.node.generationName
                ? []
                : [
                      `${name}: '${args.node.domainName}' runs Kuscia ${args.node.generationName} and '${args.partner.domainName}' Kuscia ${args.partner.generationName}`,
                  ]),
            ...generation.job.problems(name, args.node.deployment.job, args.partner?.deployment.job),
        ]);
        const job = generation.job.run(
            name,
            { jobId: args.jobId, timeoutSeconds: timeout, after: args.after ?? [] },
            args.node.deployment.job,
            args.partner?.deployment.job,
            this,
        );
        this.phase = job.stdout.apply(s => s.trim());
        this.registerOutputs({ phase: this.phase });
    }
}
