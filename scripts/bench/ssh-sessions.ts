// SSH sessions per lab host while an operation runs, from the hosts' sshd logs. The logs carry no
// timestamps, so they are polled: a session opens at its "Accepted publickey ... port P" line and
// closes at the "Disconnected from user ... port P" (or "Connection closed") line for that port.
import type { LabHost } from "../../lab/state";
import { sshdLog } from "../../test/support/hosts";

export interface HostSessions {
    /** Sessions opened during the operation. */
    sessions: number;
    /** The most sessions open at once during the operation (to the poll interval). */
    peak: number;
}

const POLL_MS = 50;

/** The line that ends the session on port $1: sshd's words depend on how it ended. */
const closedSession = new RegExp(
    String.raw`(?:Disconnected from user \S+|Connection closed by (?:authenticating user \S+ )?|Received disconnect from)` +
        String.raw` \S+ port (\d+)`,
);

export async function sessionsDuring<T>(
    hosts: LabHost[],
    operation: () => Promise<T>,
): Promise<{ result: T; perHost: Record<string, HostSessions> }> {
    const offsets = new Map(hosts.map(h => [h.name, sshdLog(h).length]));
    const state = new Map(hosts.map(h => [h.name, { open: new Set<string>(), sessions: 0, peak: 0 }]));
    const poll = () => {
        for (const h of hosts) {
            const text = sshdLog(h);
            const from = offsets.get(h.name)!;
            const end = text.lastIndexOf("\n") + 1;
            if (end <= from) continue;
            offsets.set(h.name, end);
            const s = state.get(h.name)!;
            for (const line of text.slice(from, end).split(/\r?\n/)) {
                const opened = new RegExp(`Accepted publickey for ${h.user} from \\S+ port (\\d+)`).exec(line);
                const closed = closedSession.exec(line);
                if (opened) {
                    s.open.add(opened[1]);
                    s.sessions++;
                    s.peak = Math.max(s.peak, s.open.size);
                } else if (closed) s.open.delete(closed[1]);
            }
        }
    };
    const timer = setInterval(poll, POLL_MS);
    try {
        const result = await operation();
        await new Promise(r => setTimeout(r, 300));
        poll();
        return {
            result,
            perHost: Object.fromEntries([...state].map(([name, s]) => [name, { sessions: s.sessions, peak: s.peak }])),
        };
    } finally {
        clearInterval(timer);
    }
}
