/** What a two-party PSI must output, computed here from the parties' own input tables. */

export interface Table {
    header: string[];
    rows: string[][];
}

export function parseCsv(text: string): Table {
    const lines = text.split(/\r?\n/).filter(l => l.trim() !== "");
    const [head, ...rest] = lines.map(l => l.split(",").map(c => c.trim()));
    if (!head) throw new Error("empty CSV");
    return { header: head, rows: rest };
}

export interface PsiInput {
    party: string;
    uri: string;
    key: string;
}

/** The receiver's and sender's table and key column, as SecretFlow's psi component config names them. */
export function psiInputs(taskInputConfig: string): PsiInput[] {
    const p = JSON.parse(taskInputConfig).sf_node_eval_param;
    const keyAt = (attrPath: string) => {
        const i = p.attr_paths.indexOf(attrPath);
        if (i < 0) throw new Error(`taskInputConfig has no ${attrPath}`);
        return String(p.attrs[i].ss[0]);
    };
    const keys = [keyAt("input/receiver_input/key"), keyAt("input/sender_input/key")];
    return p.inputs.map((input: any, i: number) => ({
        party: input.data_refs[0].party,
        uri: input.data_refs[0].uri,
        key: keys[i],
    }));
}

function column(t: Table, key: string): number {
    const i = t.header.indexOf(key);
    if (i < 0) throw new Error(`table has no column ${key} (header ${t.header.join(",")})`);
    return i;
}

/** The rows of `own` whose key occurs in `other`, as CSV lines sorted. */
export function intersectRows(own: Table, ownKey: string, other: Table, otherKey: string): string[] {
    const theirs = new Set(other.rows.map(r => r[column(other, otherKey)]));
    const k = column(own, ownKey);
    return own.rows
        .filter(r => theirs.has(r[k]))
        .map(r => r.join(","))
        .sort();
}
