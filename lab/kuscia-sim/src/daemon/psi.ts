import * as crypto from "crypto";
import { kindOf } from "../store/kinds";
import { Store } from "../store/store";
import { LinkError, PeerSender, Reply } from "./link";
import { hashTable, readTable, Table, writeOutput } from "./table";
import { PsiPlan, psiPlan } from "./task-config";

/**
 * The two-party PSI exchange between gateways, which proves both directions of mTLS end to end:
 *  1. initiator A → partner B  POST /sim/v1/psi/request {job, task, salt}      (A's route A-B)
 *  2. B → A                    POST /sim/v1/psi/hashes  {job, task, hashes}    (B's route B-A)
 *     A intersects B's salted hashes with its own and answers with the common hashes;
 *     B writes its psi-output.csv and answers step 1; then A writes its own.
 */

/** The service the PSI exchange is addressed to: `kuscia-sim-psi.<party>.svc`. */
export const PSI_SERVICE = "kuscia-sim-psi";
export const REQUEST_PATH = "/sim/v1/psi/request";
export const HASHES_PATH = "/sim/v1/psi/hashes";
/**
 * 1.1 only: the initiator tells a partner that the job failed before any PSI request (its copy of the job ends too).
 */
export const FAILED_PATH = "/sim/v1/psi/failed";
const STEP_TIMEOUT_MS = 20000;
const DOMAIN_DATA = kindOf("DomainData")!;

export interface PsiRequest {
    readonly job: string;
    readonly task: string;
    readonly initiator: string;
    readonly salt: string;
    /** The job as the initiator holds it, for the partner to mirror. */
    readonly jobSpec?: unknown;
}

interface Session {
    readonly partner: string;
    readonly table: Table;
    readonly hashes: Map<string, string>;
    common?: string[];
}

/** A failure that already names its direction (or party) and reason. */
export class TaskError extends Error {}

/** The partner refused its part of the task itself (1.1: its own KusciaTask failed); `party` is its domain. */
export class PartyFailed extends TaskError {
    constructor(
        readonly party: string,
        message: string,
    ) {
        super(message);
    }
}

export class Psi {
    private readonly sessions = new Map<string, Session>();

    /** `send` is the generation's way through its gateway (v03/daemon/peer-link.ts, v11/daemon/peer-link.ts). */
    constructor(
        private readonly store: Store,
        private readonly self: string,
        private readonly send: PeerSender,
    ) {}

    /** Runs the task as initiator; resolves to the number of common ids. */
    async runAsInitiator(job: string, task: string, partner: string, jobSpec: any): Promise<number> {
        const plan = psiPlan(taskOf(jobSpec, task)?.taskInputConfig, this.self, this.domainDataUri);
        const table = this.ownTable(plan);
        const salt = crypto.randomBytes(16).toString("hex");
        const key = `${job}/${task}`;
        const session: Session = { partner, table, hashes: hashTable(table, salt) };
        this.sessions.set(key, session);
        try {
            const request: PsiRequest = { job, task, initiator: this.self, salt, jobSpec };
            const reply = await this.call(partner, REQUEST_PATH, request);
            if (reply.status !== 200) {
                const party = reply.body?.failedParty;
                if (typeof party === "string" && party)
                    throw new PartyFailed(party, replyError(reply, `${this.self}->${partner}`));
                throw new TaskError(replyError(reply, `${this.self}->${partner}`));
            }
            if (!session.common) throw new TaskError(`${partner} did not send its hashed ids back to ${this.self}`);
            return writeOutput(table, session.common, plan.output);
        } finally {
            this.sessions.delete(key);
        }
    }

    /** 1.1: tells the partner that the job failed before its task started here, so that its copy ends Failed too. */
    async tellFailed(partner: string, job: string, task: string, jobSpec: unknown): Promise<void> {
        const reply = await this.call(partner, FAILED_PATH, { job, task, initiator: this.self, jobSpec });
        if (reply.status !== 200) throw new TaskError(replyError(reply, `${this.self}->${partner}`));
    }

    /** Step 1 on the partner: hash own ids, send them back to the initiator, write the common rows. */
    async onRequest(caller: string, req: PsiRequest): Promise<{ status: number; body: unknown }> {
        if (req.initiator !== caller)
            return {
                status: 403,
                body: { error: `${this.self}: caller ${caller} is not the job's initiator ${req.initiator}` },
            };
        const plan = psiPlan(taskOf(req.jobSpec, req.task)?.taskInputConfig, this.self, this.domainDataUri);
        let table: Table;
        try {
            table = this.ownTable(plan);
        } catch (e: any) {
            return { status: 500, body: { error: e.message } };
        }
        const hashes = hashTable(table, req.salt);
        let reply;
        try {
            reply = await this.call(caller, HASHES_PATH, { job: req.job, task: req.task, hashes: [...hashes.keys()] });
        } catch (e: any) {
            return { status: 502, body: { error: e.message } };
        }
        if (reply.status !== 200) return { status: 502, body: { error: replyError(reply, `${this.self}->${caller}`) } };
        const common: string[] = (reply.body?.common ?? [])
            .map((h: string) => hashes.get(h))
            .filter((id: string | undefined) => id !== undefined);
        return { status: 200, body: { rows: writeOutput(table, common, plan.output) } };
    }

    /** Step 2 on the initiator: intersect the partner's hashes with its own. */
    onHashes(caller: string, msg: { job: string; task: string; hashes: string[] }): { status: number; body: unknown } {
        const session = this.sessions.get(`${msg.job}/${msg.task}`);
        if (!session) return { status: 404, body: { error: `${this.self}: no running PSI task ${msg.task}` } };
        if (session.partner !== caller)
            return { status: 403, body: { error: `${this.self}: ${caller} is not a party of ${msg.task}` } };
        const theirs = new Set(Array.isArray(msg.hashes) ? msg.hashes : []);
        const commonHashes = [...session.hashes.keys()].filter(h => theirs.has(h));
        session.common = commonHashes.map(h => session.hashes.get(h)!);
        return { status: 200, body: { common: commonHashes } };
    }

    /** A DomainData of the node's own namespace: its relativeURI. */
    private readonly domainDataUri = (id: string): string | undefined => {
        const uri = this.store.get(DOMAIN_DATA, this.self, id)?.spec?.relativeURI;
        return typeof uri === "string" ? uri : undefined;
    };

    private ownTable(plan: PsiPlan): Table {
        try {
            return readTable(this.store, this.self, plan.dataSource, plan.table, plan.key);
        } catch (e: any) {
            throw new TaskError(`${this.self}: ${e.message}`);
        }
    }

    private async call(peer: string, path: string, payload: unknown) {
        try {
            const body = JSON.stringify(payload);
            return await this.send(peer, {
                method: "POST",
                path,
                service: PSI_SERVICE,
                headers: { "content-type": "application/json" },
                body,
                timeoutMs: STEP_TIMEOUT_MS,
            });
        } catch (e) {
            if (e instanceof LinkError) throw new TaskError(e.message);
            throw e;
        }
    }
}

function taskOf(jobSpec: any, taskId: string): any {
    return Array.isArray(jobSpec?.tasks) ? jobSpec.tasks.find((t: any) => t?.taskID === taskId) : undefined;
}

function replyError(reply: Reply, direction: string): string {
    if (typeof reply.body?.error === "string") return reply.body.error;
    const [self, peer] = direction.split("->");
    if (reply.status === 401) {
        return (
            `${direction}: refused by ${peer}'s token auth (HTTP 401 ${reply.text.trim()}): ` +
            `${peer} holds no DomainRoute ${self}-${peer} for ${self} (add_domain.sh ${self} on ${peer}, or revoked)`
        );
    }
    const internal = reply.headers["kuscia-error-message-internal"];
    return `${direction}: HTTP ${reply.status} from ${peer}'s gateway${internal ? ` (${internal})` : ""}`;
}
