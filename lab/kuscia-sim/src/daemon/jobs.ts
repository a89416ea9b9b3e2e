import { API_VERSION, kindOf } from "../store/kinds";
import { KObject } from "../store/object";
import { Store } from "../store/store";
import { log } from "./log";
import { Psi, TaskError } from "./psi";

const JOB = kindOf("KusciaJob")!;
const TASK = kindOf("KusciaTask")!;
export const MIRRORED_FROM = "kuscia-sim.secretflow/mirrored-from";
const FINAL = new Set(["Succeeded", "Failed"]);

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

/**
 * Runs the KusciaJobs this node initiates: Pending → Running → Succeeded/Failed, one PSI task
 * at a time, each between this node and one partner. Jobs left unfinished by a restart run again.
 */
export class JobController {
  private readonly running = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly store: Store, private readonly self: string, private readonly psi: Psi) {}

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
        if (!phase) this.setStatus(job, "Failed", `initiator ${job.spec?.initiator} is not this domain (${this.self}): create the job on its initiator`);
        continue;
      }
      this.running.add(name);
      this.run(job).finally(() => this.running.delete(name));
    }
  }

  private async run(job: KObject): Promise<void> {
    const name = job.metadata.name;
    this.setStatus(job, "Pending", "", { startTime: now() });
    const tasks: any[] = Array.isArray(job.spec?.tasks) ? job.spec.tasks : [];
    const taskStatus: Record<string, string> = {};
    try {
      if (tasks.length === 0) throw new TaskError("the job has no tasks");
      this.setStatus(job, "Running", "");
      const results: string[] = [];
      for (const task of tasks) {
        const taskId = String(task.taskID ?? "");
        const partner = this.partnerOf(task);
        taskStatus[taskId] = "Running";
        this.putTask(job, task, "Running", "");
        this.setStatus(job, "Running", "", { taskStatus: { ...taskStatus } });
        try {
          const rows = await this.psi.runAsInitiator(name, taskId, partner, job.spec);
          taskStatus[taskId] = "Succeeded";
          this.putTask(job, task, "Succeeded", `${rows} ids in common; wrote psi-output.csv on ${this.self} and ${partner}`);
          results.push(`${taskId}: ${rows} ids in common`);
        } catch (e) {
          taskStatus[taskId] = "Failed";
          this.putTask(job, task, "Failed", (e as Error).message);
          throw e;
        }
      }
      this.setStatus(job, "Succeeded", results.join("; "), { taskStatus, completionTime: now() });
      log(`job ${name} succeeded: ${results.join("; ")}`);
    } catch (e: any) {
      const message = e instanceof TaskError ? e.message : `internal error: ${e?.message ?? e}`;
      this.setStatus(job, "Failed", message, { taskStatus, completionTime: now() });
      log(`job ${name} failed: ${message}`);
    }
  }

  private partnerOf(task: any): string {
    const parties: string[] = (Array.isArray(task.parties) ? task.parties : []).map((p: any) => String(p?.domainID ?? ""));
    if (!parties.includes(this.self)) throw new TaskError(`task ${task.taskID}: ${this.self} is not one of its parties (${parties.join(", ")})`);
    const others = [...new Set(parties.filter((p) => p !== this.self))];
    if (others.length !== 1) throw new TaskError(`task ${task.taskID}: kuscia-sim runs PSI between exactly two parties, got ${parties.join(", ")}`);
    return others[0];
  }

  private setStatus(job: KObject, phase: string, message: string, extra: Record<string, unknown> = {}): void {
    this.store.update(JOB, job.metadata.namespace, job.metadata.name, (o) => {
      o.status = { ...(o.status ?? {}), ...extra, phase, message, lastReconcileTime: now() };
      if (!message) delete o.status.message;
    });
  }

  private putTask(job: KObject, task: any, phase: string, message: string): void {
    const name = String(task.taskID);
    const existing = this.store.get(TASK, job.metadata.namespace, name);
    const status = { ...(existing?.status ?? {}), phase, ...(message ? { message } : {}), lastReconcileTime: now() };
    if (!existing?.status?.startTime) status.startTime = now();
    if (phase !== "Running") status.completionTime = now();
    this.store.put(TASK, {
      apiVersion: API_VERSION,
      kind: "KusciaTask",
      metadata: { ...(existing?.metadata ?? {}), name, namespace: job.metadata.namespace, labels: { "kuscia.secretflow/job-id": job.metadata.name } },
      spec: { initiator: job.spec?.initiator, taskInputConfig: task.taskInputConfig, parties: task.parties, appImage: task.appImage },
      status,
    });
  }
}

/**
 * Keeps a copy of the initiator's job in this (partner) node's store, so `kubectl get kj` shows it
 * here too; `namespace` is where the job lives (none in 0.3, where KusciaJobs are cluster-scoped).
 */
export function mirrorJob(store: Store, from: string, name: string, spec: unknown, phase: string, message = "", namespace?: string): void {
  if (!name || typeof spec !== "object" || spec === null) return;
  const existing = store.get(JOB, namespace, name);
  if (existing && !existing.metadata.annotations?.[MIRRORED_FROM]) return;
  const status: Record<string, unknown> = { ...(existing?.status ?? {}), phase, lastReconcileTime: now() };
  if (!status.startTime) status.startTime = now();
  if (FINAL.has(phase)) status.completionTime = now();
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
