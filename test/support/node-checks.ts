// Assertions on the Kuscia nodes a stack deployed, made on their hosts: grants, joins, live mTLS
// handshakes, the PSI result, and what destroy must leave behind.
import * as assert from "node:assert/strict";
import type { LabHosts } from "../../lab/state";
import { q } from "../../lab/testing";
import { intersectRows, parseCsv, psiInputs } from "./psi-expectation";
import { handshake, job, node, removeNode, throughGateway, type Node } from "./seed-node";
import {
    certsDirFiles,
    containerExists,
    hostFile,
    kusciaObjects,
    networkContainers,
    pathExists,
    removeNetworkIfUnused,
    volumeExists,
} from "./hosts";

/** The network the library's nodes join by default. */
export const exchangeNetwork = "kuscia-exchange";

/** alice on the lab's first host and bob on its second, as the examples deploy them by default. */
export function aliceAndBob(lab: LabHosts): [Node, Node] {
    return [node(lab.hosts[0], "alice", 8081), node(lab.hosts[1], "bob", 8082)];
}

/** Removes what a run (this one or an earlier, failed one) left of these nodes, and then-unused networks. */
export function clearNodes(lab: LabHosts, nodes: Node[]): void {
    for (const n of nodes) {
        removeNode(lab, n);
        removeNetworkIfUnused(lab, n.host, exchangeNetwork);
    }
}

/** `grantor` granted `peer`: the partner's Domain, its route into the grantor, the CSR and the issued certificate. */
export function assertGranted(lab: LabHosts, grantor: Node, peer: Node): void {
    const domains = kusciaObjects(lab, grantor, "domain");
    assert.ok(domains.includes(peer.id), `${grantor.id} has no Domain ${peer.id} (Domains: ${domains.join(" ")})`);
    const routes = kusciaObjects(lab, grantor, "domainroute", grantor.id);
    assert.ok(
        routes.includes(`${peer.id}-${grantor.id}`),
        `${grantor.id} has no DomainRoute ${peer.id}-${grantor.id} (routes: ${routes.join(" ")})`,
    );
    const files = certsDirFiles(lab, grantor);
    for (const f of [`${peer.id}.domain.csr`, `${peer.id}.domain.crt`]) {
        assert.ok(files.includes(f), `${grantor.id}'s certs dir lacks ${f}: ${files.join(" ")}`);
    }
}

/**
 * `joiner` joined `host`: the route to it, the certificate it issued and its CA, a live TLS handshake,
 * and partner traffic from the joiner's gateway past the host's token auth.
 */
export function assertJoined(lab: LabHosts, joiner: Node, host: Node): void {
    const routes = kusciaObjects(lab, joiner, "domainroute", joiner.id);
    assert.ok(
        routes.includes(`${joiner.id}-${host.id}`),
        `${joiner.id} has no DomainRoute ${joiner.id}-${host.id} (routes: ${routes.join(" ")})`,
    );
    const files = certsDirFiles(lab, joiner);
    for (const f of [`domain-2-${host.id}.crt`, `${host.id}.host.ca.crt`]) {
        assert.ok(files.includes(f), `${joiner.id}'s certs dir lacks ${f}: ${files.join(" ")}`);
    }
    const h = handshake(lab, joiner, host, {
        ca: `${host.id}.host.ca.crt`,
        cert: `domain-2-${host.id}.crt`,
        key: "domain.key",
    });
    assert.equal(h.curlExit, 0, `${joiner.id} -> ${host.id}: curl exit ${h.curlExit}: ${h.stderr}`);
    assert.notEqual(
        h.httpCode,
        "000",
        `${joiner.id} -> ${host.id}: ${host.id}'s gateway closed the connection after the handshake`,
    );
    assert.equal(
        throughGateway(lab, joiner, host, "kuscia-handshake", "/handshake"),
        "200",
        `${joiner.id} -> ${host.id}: through ${joiner.id}'s route`,
    );
    assert.equal(
        throughGateway(lab, joiner, host, "kuscia-verify"),
        "404",
        `${joiner.id} -> ${host.id}: past ${host.id}'s token auth (401 is a refusal)`,
    );
}

/** Both directions: each node granted and joined the other. */
export function assertMutualTrust(lab: LabHosts, a: Node, b: Node): void {
    for (const [x, y] of [
        [a, b],
        [b, a],
    ]) {
        assertGranted(lab, x, y);
        assertJoined(lab, x, y);
    }
}

/**
 * The PSI job `jobId` (created on the first party) wrote on each party the rows of its own table
 * whose key the other party's table holds, computed here from both tables on their hosts.
 */
export function assertPsiOutputs(lab: LabHosts, parties: [Node, Node], jobId: string): void {
    const inputs = psiInputs(job(lab, parties[0], jobId).spec.tasks[0].taskInputConfig);
    const partyOf = (id: string) => parties.find(p => p.id === id) ?? assert.fail(`job ${jobId} names party ${id}`);
    const tables = inputs.map(i => parseCsv(hostFile(lab, partyOf(i.party).host, `${partyOf(i.party).data}/${i.uri}`)));
    inputs.forEach((input, k) => {
        const other = 1 - k;
        const expected = intersectRows(tables[k], input.key, tables[other], inputs[other].key);
        assert.ok(
            expected.length > 0 && expected.length < tables[k].rows.length,
            `${input.party}'s table overlaps the other's in part`,
        );
        const p = partyOf(input.party);
        const out = parseCsv(hostFile(lab, p.host, `${p.data}/psi-output.csv`));
        assert.deepEqual(out.header, tables[k].header, `${p.id}'s psi-output.csv header`);
        assert.deepEqual(out.rows.map(r => r.join(",")).sort(), expected, `${p.id}'s psi-output.csv rows`);
    });
}

/**
 * After destroy: no container, containerd volume, certs dir or copied partner file, so no partner
 * Domain or route either (they lived in the container); no exchange network unless a container uses
 * it. The data dir (tables, results) is kept, as documented.
 */
export function assertNodeRemoved(lab: LabHosts, n: Node, peer: Node): void {
    const where = `${n.host.name} (${n.id})`;
    assert.equal(containerExists(lab, n.host, n.ctr), false, `${where}: container ${n.ctr} is left`);
    assert.equal(
        volumeExists(lab, n.host, `${n.ctr}-containerd`),
        false,
        `${where}: volume ${n.ctr}-containerd is left`,
    );
    for (const f of [
        `${peer.id}.domain.csr`,
        `${peer.id}.domain.crt`,
        `domain-2-${peer.id}.crt`,
        `${peer.id}.host.ca.crt`,
    ]) {
        assert.equal(
            pathExists(lab, n.host, `${n.certs}/${f}`),
            false,
            `${where}: partner file ${n.certs}/${f} is left`,
        );
    }
    assert.equal(pathExists(lab, n.host, n.certs), false, `${where}: certs dir ${n.certs} is left`);
    const users = networkContainers(lab, n.host, exchangeNetwork);
    assert.ok(
        users === undefined || users.length > 0,
        `${where}: network ${exchangeNetwork} is left with no container on it`,
    );
    assert.equal(pathExists(lab, n.host, n.data), true, `${where}: the data dir ${q(n.data)} must be kept`);
}
