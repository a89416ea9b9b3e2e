import * as fs from "node:fs";
import { tryRun } from "./proc";

const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));

/** Mount points at or below dir, deepest first. */
export function mountsUnder(dir: string): string[] {
    const prefix = dir.replace(/\/+$/, "");
    return fs
        .readFileSync("/proc/self/mountinfo", "utf8")
        .split("\n")
        .filter(l => l.trim() !== "")
        .map(l => unescape(l.split(" ")[4]))
        .filter(m => m === prefix || m.startsWith(prefix + "/"))
        .sort((a, b) => b.length - a.length);
}

/** Unmounts what a killed dockerd may have left mounted (overlays, netns files) below dir. */
export function unmountUnder(dir: string): void {
    for (const m of mountsUnder(dir)) {
        if (tryRun("umount", [m]).status !== 0) tryRun("umount", ["-l", m]);
    }
    const left = mountsUnder(dir);
    if (left.length > 0) throw new Error(`still mounted below ${dir}: ${left.join(", ")}`);
}

/** Removes a directory tree only once nothing is mounted inside it. */
export function removeTree(dir: string): void {
    unmountUnder(dir);
    fs.rmSync(dir, { recursive: true, force: true });
}
