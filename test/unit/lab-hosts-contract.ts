// Checked by `npm run typecheck`, not run. program/ declares what it reads of the lab's hosts file
// (`LabHostsFile`) and imports nothing of lab/; this is where the two meet: the type check fails here when
// lab/state.ts's `LabHosts`, which `npm run lab -- up` writes, no longer holds every field the program reads.
import type { LabHosts } from "../../lab/state";
import type { LabHostsFile } from "../../program";

export const labWritesWhatProgramReads = (written: LabHosts): LabHostsFile => written;
