import { Generation } from "../common/generation";
import { kindOf } from "../store/kinds";
import { Store } from "../store/store";
import { TaskError } from "./psi";

const APP_IMAGE = kindOf("AppImage")!;

/**
 * A task's end as Kuscia writes it: the KusciaTask's message and further status fields, and the
 * KusciaJob's message. Kuscia's own failures leave the job's message empty: the kusciajob
 * controller only copies the task's phase (handler buildJobStatus), the reason is on the task.
 */
export class TaskFailure extends TaskError {
    constructor(
        message: string,
        readonly status: Record<string, unknown> = {},
        readonly jobMessage = "",
    ) {
        super(message);
    }
}

interface Party {
    readonly domainID: string;
    readonly role?: string;
}

function partiesOf(task: any): Party[] {
    return (Array.isArray(task?.parties) ? task.parties : []).map((p: any) => ({
        domainID: String(p?.domainID ?? ""),
        ...(p?.role ? { role: String(p.role) } : {}),
    }));
}

/** The AppImage a task names (the job controller copies it into each party's appImageRef). */
export function appImageName(task: any): string {
    return String(task?.appImage ?? "");
}

/** The task's AppImage when the node's store has none of that name (the pending handler's lister Get). */
export function missingAppImage(store: Store, task: any): string | undefined {
    const name = appImageName(task);
    return store.get(APP_IMAGE, undefined, name) ? undefined : name;
}

/**
 * The KusciaTask a node ends with when the task's AppImage is not in its store. The pending handler's
 * buildPartyKitInfo fails (`failed to get appImage %q from cache, %v`, the lister's NotFound for
 * `appimage.kuscia.secretflow`); the task controller retries with its rate limiter (5, 10, 20, 40 ms)
 * and on the fifth try writes Failed with `KusciaTask failed after 3x retry, last error: ...`.
 *  - 0.3.0b0: the error comes out of createTaskResources (`failed to build domin kit info, ...`, sic),
 *    whose ResourceCreated condition is False with reason KusciaTaskCreateFailed.
 *  - 1.1.0b0: it comes out of allocatePorts, before any condition is set but PortsAllocated (False, no
 *    reason), naming the first party (`failed to build domain ID kit info, ...`); the failed handler
 *    then marks every party Failed (setPartyTaskStatusFailed).
 */
export function appImageFailure(generation: Generation, task: any, name: string, now: string): TaskFailure {
    const lookup =
        `failed to get appImage ${JSON.stringify(name)} from cache, appimage.kuscia.secretflow ` +
        `${JSON.stringify(name)} not found`;
    const parties = partiesOf(task);
    if (generation === "0.3") {
        const error = `failed to build domin kit info, ${lookup}`;
        return new TaskFailure(`KusciaTask failed after 3x retry, last error: ${error}`, {
            conditions: [
                {
                    type: "ResourceCreated",
                    status: "False",
                    reason: "KusciaTaskCreateFailed",
                    message: `Failed to create kusciaTask related resources, ${error}`,
                    lastTransitionTime: now,
                },
            ],
        });
    }
    const error = `failed to build domain ${parties[0]?.domainID ?? ""} kit info, ${lookup}`;
    return new TaskFailure(`KusciaTask failed after 3x retry, last error: ${error}`, {
        conditions: [{ type: "PortsAllocated", status: "False" }],
        partyTaskStatus: parties.map(p => ({ ...p, phase: "Failed" })),
    });
}

/**
 * 1.1.0b0: the initiator's KusciaTask once a partner's own task has failed (its party status arrives
 * through the KusciaTaskSummary, pkg/interconn/kuscia/tasksummary.go): the pending handler's taskFailed
 * fails it when fewer parties than scheduleConfig.minReservedMembers (default: all) are left.
 */
export function partyFailure(task: any, failed: string): TaskFailure {
    const parties = partiesOf(task);
    const configured = Number(task?.scheduleConfig?.minReservedMembers ?? 0);
    const threshold = configured > 0 ? configured : parties.length;
    const failedKeys = parties
        .filter(p => p.domainID === failed)
        .map(p => (p.role ? `${p.domainID}-${p.role}` : p.domainID));
    return new TaskFailure(
        `The remaining no-failed party task counts ${parties.length - failedKeys.length} are less than the task success ` +
            `threshold ${threshold}. failed party[${failedKeys.join(",")}]`,
        { partyTaskStatus: parties.map(p => ({ ...p, phase: "Failed" })) },
    );
}
