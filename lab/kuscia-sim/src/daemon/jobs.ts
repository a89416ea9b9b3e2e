import { Generation } from "../common/generation";
import { API_VERSION, kindOf } from "../store/kinds";
import { KObject, kubeTime } from "../store/object";
import { Store } from "../store/store";
import { appImageFailure, missingAppImage, partyFailure, TaskFailure } from "./app-image";
import { scaled, sleep } from "./clock";
import { log } from "./log";
import { PartyFailed, Psi, TaskError } from "./psi";
import { spuLinkFailure } from "./spu-link";

const JOB = kindOf("KusciaJob")!;
const TASK = kindOf("KusciaTask")!;
export const MIRRORED_FROM = "kuscia-sim.secretflow/mirrored-from";
const FINAL = new Set(["Succeeded", "Failed"]);

/**
 * Runs the KusciaJobs this node initiates: Pending → Running → Succeeded/Failed, one PSI task
 * at a time, each between this node and one partner. Jobs left unfinished by a restart run again.
 * A task whose AppImage is not in this node's store fails before any PSI, as Kuscia's
 * (`generation`'s) task controller fails it (app-image.ts).
 */
export class JobController {
    private readonly running = new Set<string>();
    private timer?: NodeJS.Timeout;

    constructor(
        private readonly store: Store,
        private readonly self: string,
        private readonly psi: Psi,
        private readonly generation: Generation,
    ) {}

    start(intervalMs = 500): void {
        this.timer = setInterval(() => this.tick(), intervalMs);
        this.tick();
    }

    stop(): void {
        if (this.timer) clearInterval(this.timer);
    }

    tick(): void {
        for (const job of this.store.list(JOB)) {
            const name = job.metadata.name;
            const phase = job.status?.phase;
            if (FINAL.has(phase) || this.running.has(name) || job.metadata.annotations?.[MIRRORED_FROM]) continue;
            if (job.spec?.initiator !== this.self) {
                if (!phase)
                    this.setStatus(
                        job,
                        "Failed",
                        `initiator ${job.spec?.initiator} is not this domain (${this.self}): create the job on its initiator`,
                    );
                continue;
            }
            this.running.add(name);
            this.run(job).finally(() => this.running.delete(name));
        }
    }

    private async run(job: KObject): Promise<void> {
        const name = job.metadata.name;
        this.setStatus(job, "Pending", "", { startTime: kubeTime() });
        const tasks: any[] = Array.isArray(job.spec?.tasks) ? job.spec.tasks : [];
        const taskStatus: Record<string, string> = {};
        try {
            if (tasks.length === 0) throw new TaskError("the job has no tasks");
            this.setStatus(job, "Running", "");
            const results: string[] = [];
            for (const task of tasks) {
                const taskId = String(task.taskID ?? "");
                const partner = this.partnerOf(task);
                // The task's phase in the job's status and its KusciaTask.
                const record = (phase: string, message: string, extra?: Record<string, unknown>) => {
                    taskStatus[taskId] = phase;
                    putTask(this.store, job.metadata.namespace, name, job.spec, task, phase, message, extra);
                };
                const appImage = missingAppImage(this.store, task);
                if (appImage !== undefined) {
                    const failure = appImageFailure(this.generation, task, appImage, kubeTime());
                    record("Failed", failure.message, failure.status);
                    log(`task ${taskId}: ${failure.message}`);
                    void this.tellPartner(partner, name, taskId, job.spec);
                    throw failure;
                }
                record("Running", "");
                this.setStatus(job, "Running", "", { taskStatus: { ...taskStatus } });
                try {
                    await this.spuLink(task, partner, name, job.spec);
                    const rows = await this.psi.runAsInitiator(name, taskId, partner, job.spec);
                    record("Succeeded", `${rows} ids in common; wrote psi-output.csv on ${this.self} and ${partner}`);
                    results.push(`${taskId}: ${rows} ids in common`);
                } catch (e) {
                    const failure =
                        e instanceof PartyFailed && this.generation === "1.1" ? partyFailure(task, e.party) : e;
                    record("Failed", (failure as Error).message, failure instanceof TaskFailure ? failure.status : {});
                    throw failure;
                }
            }
            this.setStatus(job, "Succeeded", results.join("; "), { taskStatus, completionTime: kubeTime() });
            log(`job ${name} succeeded: ${results.join("; ")}`);
        } catch (e: any) {
            const message =
                e instanceof TaskFailure
                    ? e.jobMessage
                    : e instanceof TaskError
                      ? e.message
                      : `internal error: ${e?.message ?? e}`;
            this.setStatus(job, "Failed", message, { taskStatus, completionTime: kubeTime() });
            log(`job ${name} failed${message ? `: ${message}` : ""}`);
        }
    }

    /**
     * SecretFlow's SPU link (spu-link.ts): a task it would not connect fails when SecretFlow gives up,
     * on the 1.1 daemon's clock (KUSCIA_SIM_TIME_SCALE), in real time on a 0.3 node. Both parties' pods
     * fail alike; here the partner never gets the PSI request (1.1: its copy of the job is told).
     */
    private async spuLink(task: any, partner: string, job: string, spec: unknown): Promise<void> {
        const failure = spuLinkFailure(task.taskInputConfig, this.self, partner);
        if (!failure) return;
        await sleep(this.generation === "1.1" ? scaled(failure.afterMs) : failure.afterMs);
        log(`task ${task.taskID}: ${failure.message}`);
        void this.tellPartner(partner, job, String(task.taskID), spec);
        throw new TaskError(failure.message);
    }

    /**
     * 1.1.0b0: the partner holds its own copy of the job from the start (pkg/interconn/kuscia/job.go
     * createMirrorJobs) and it fails with the initiator's task; here the partner learns of a job only
     * from the PSI request, so it is told. 0.3.0b0 partners have no KusciaJob at all.
     */
    private async tellPartner(partner: string, job: string, task: string, spec: unknown): Promise<void> {
        if (this.generation !== "1.1") return;
        try {
            await this.psi.tellFailed(partner, job, task, spec);
        } catch (e: any) {
            log(`job ${job}: could not tell ${partner} of the failure: ${e?.message ?? e}`);
        }
    }

    private partnerOf(task: any): string {
        const parties: string[] = (Array.isArray(task.parties) ? task.parties : []).map((p: any) =>
            String(p?.domainID ?? ""),
        );
        if (!parties.includes(this.self))
            throw new TaskError(`task ${task.taskID}: ${this.self} is not one of its parties (${parties.join(", ")})`);
        const others = [...new Set(parties.filter(p => p !== this.self))];
        if (others.length !== 1)
            throw new TaskError(
                `task ${task.taskID}: kuscia-sim runs PSI between exactly two parties, got ${parties.join(", ")}`,
            );
        return others[0];
    }

    private setStatus(job: KObject, phase: string, message: string, extra: Record<string, unknown> = {}): void {
        this.store.update(JOB, job.metadata.namespace, job.metadata.name, o => {
            o.status = { ...(o.status ?? {}), ...extra, phase, message, lastReconcileTime: kubeTime() };
            if (!message) delete o.status.message;
        });
    }
}

/**
 * Writes the KusciaTask of a job's task (the job controller names it by its taskID, labels it with the
 * job and gives each party the task's AppImage as appImageRef, handler buildPartiesFromTaskInputConfig).
 */
export function putTask(
    store: Store,
    namespace: string | undefined,
    jobName: string,
    jobSpec: any,
    task: any,
    phase: string,
    message: string,
    extra: Record<string, unknown> = {},
): void {
    const name = String(task.taskID);
    const existing = store.get(TASK, namespace, name);
    const status: Record<string, any> = {
        ...(existing?.status ?? {}),
        ...extra,
        phase,
        ...(message ? { message } : {}),
        lastReconcileTime: kubeTime(),
    };
    if (!existing?.status?.startTime) status.startTime = kubeTime();
    if (phase !== "Running") status.completionTime = kubeTime();
    const parties = (Array.isArray(task.parties) ? task.parties : []).map((p: any) => ({
        ...p,
        appImageRef: task.appImage ?? "",
    }));
    store.put(TASK, {
        apiVersion: API_VERSION,
        kind: "KusciaTask",
        metadata: { ...(existing?.metadata ?? {}), name, namespace, labels: { "kuscia.secretflow/job-id": jobName } },
        spec: { initiator: jobSpec?.initiator, taskInputConfig: task.taskInputConfig, parties },
        status,
    });
}

/**
 * Keeps a copy of the initiator's job in this (partner) node's store, so `kubectl get kj` shows it
 * here too; `namespace` is where the job lives (none in 0.3, where KusciaJobs are cluster-scoped).
 */
export function mirrorJob(
    store: Store,
    from: string,
    name: string,
    spec: unknown,
    phase: string,
    message = "",
    namespace?: string,
): void {
    if (!name || typeof spec !== "object" || spec === null) return;
    const existing = store.get(JOB, namespace, name);
    if (existing && !existing.metadata.annotations?.[MIRRORED_FROM]) return;
    const status: Record<string, unknown> = { ...(existing?.status ?? {}), phase, lastReconcileTime: kubeTime() };
    if (!status.startTime) status.startTime = kubeTime();
    if (FINAL.has(phase)) status.completionTime = kubeTime();
    if (message) status.message = message;
    else delete status.message;
    store.put(JOB, {
        apiVersion: API_VERSION,
        kind: "KusciaJob",
        metadata: { ...(existing?.metadata ?? {}), name, namespace, annotations: { [MIRRORED_FROM]: from } },
        spec,
        status,
    });
}
