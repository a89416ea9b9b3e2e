// Kuscia 1.1 nodes of the root program on lab hosts, and assertions made on their hosts: the
// container as kuscia.sh runs it, the token trust as Kuscia shows it (ClusterDomainRoutes Ready,
// partner Domains), and what destroy must leave behind.
import * as assert from "node:assert/strict";
import { after, before } from "node:test";
import type { LabHost, LabHosts } from "../../lab/state";
import { q, sshOk } from "../../lab/testing";
import { inNode, tryInNode, type Node } from "./seed-node";
import { intersectRows, parseCsv } from "./psi-expectation";
import { containerExists, hostFile, kusciaObjects, pathExists, volumeExists } from "./hosts";
import { FileBackend, type Stack } from "./pulumi";
import { rootStack } from "./root-program";

/** A 1.1 node: its work dir (`<rootDir>/<container>`, kuscia.sh's) and its config's certs dir. */
export interface NodeV11 extends Node {
    work: string;
    config: Record<string, unknown>;
}

/** The node `id` on lab host `host` under `prefix`: container `<prefix>-<id>`, dirs in `~/<prefix>`, its own ports. */
export function nodeV11(
    lab: LabHosts,
    prefix: string,
    id: string,
    host: number,
    gatewayPort: number,
    more: Record<string, unknown> = {},
): NodeV11 {
    const h = lab.hosts[host];
    const rootDir = `${h.home}/${prefix}`;
    const ctr = `${prefix}-${id}`;
    return {
        id,
        host: h,
        port: gatewayPort,
        ctr,
        certs: `${rootDir}/kuscia-autonomy-${id}-certs`,
        work: `${rootDir}/${ctr}`,
        data: `${rootDir}/${ctr}/data`,
        config: {
            domainId: id,
            generation: "1.1",
            labHost: h.name,
            gatewayPort,
            containerName: ctr,
            rootDir,
            memory: "1G",
            apiHttpPort: gatewayPort + 1,
            apiGrpcPort: gatewayPort + 2,
            internalPort: gatewayPort + 3,
            metricsPort: gatewayPort + 4,
            ...more,
        },
    };
}

/** Removes what a run left of the node: container, volume and dirs (the node wrote some as root: through docker). */
export function clearNodeV11(lab: LabHosts, n: NodeV11): void {
    const rel = (p: string) => q(`/h/${p.slice(n.host.home.length + 1)}`);
    sshOk(
        lab,
        n.host,
        [
            `docker rm -f ${q(n.ctr)} >/dev/null 2>&1 || true`,
            `docker volume rm ${q(`${n.ctr}-containerd`)} >/dev/null 2>&1 || true`,
            `docker run --rm -v "$HOME:/h" --entrypoint rm ${q(lab.image11)} -rf ${rel(n.certs)} ${rel(n.work)}`,
        ].join("; "),
    );
}

/**
 * A stack of the root program with these nodes as `kuscia:nodes`, on its own backend: made (with the
 * nodes' leftovers cleared) before the suite's tests, destroyed and removed after them.
 */
export function rootStackOf(lab: LabHosts, name: string, nodes: NodeV11[], extra: Record<string, string> = {}): Stack {
    const backend = new FileBackend(name);
    const stack = rootStack(backend, `e2e-${name}`);
    before(async () => {
        nodes.forEach(n => clearNodeV11(lab, n));
        await stack.init();
        await stack.setConfig({ "kuscia:nodes": nodes.map(n => n.config), ...extra });
    });
    after(async () => {
        await stack.destroy();
        await stack.remove();
        nodes.forEach(n => clearNodeV11(lab, n));
        backend.remove();
    });
    return stack;
}

/** A field of a Kuscia object, by jsonpath, in the node's container. */
export function objectField(lab: LabHosts, n: Node, kind: string, name: string, jsonpath: string): string {
    return inNode(lab, n, `kubectl get ${q(kind)} ${q(name)} -o ${q(`jsonpath=${jsonpath}`)}`).trim();
}

/**
 * The container runs as kuscia.sh start runs it: hostname `<ctr>-<host's hostname>`, five ports, the config and
 * work dirs mounted.
 */
export function assertKusciaShContainer(lab: LabHosts, n: NodeV11): void {
    const hostName = sshOk(lab, n.host, "hostname").trim();
    const inspect = JSON.parse(sshOk(lab, n.host, `docker inspect ${q(n.ctr)}`))[0];
    assert.equal(inspect.Config.Hostname, `${n.ctr}-${hostName}`.slice(0, 63).toLowerCase().replace(/[_.]/g, "-"));
    // The docker CLI takes one word for --entrypoint, the provider a list: the process is the same.
    assert.deepEqual(
        [...inspect.Config.Entrypoint, ...inspect.Config.Cmd],
        ["tini", "--", "bin/kuscia", "start", "-c", "etc/conf/kuscia.yaml"],
    );
    assert.deepEqual(Object.keys(inspect.HostConfig.PortBindings).sort(), [
        "1080/tcp",
        "80/tcp",
        "8082/tcp",
        "8083/tcp",
        "9091/tcp",
    ]);
    assert.equal(inspect.HostConfig.PortBindings["1080/tcp"][0].HostPort, String(n.port));
    const mounts = Object.fromEntries(
        inspect.Mounts.map((m: { Destination: string; Source?: string; Name?: string }) => [
            m.Destination,
            m.Name ?? m.Source,
        ]),
    );
    assert.deepEqual(mounts, {
        "/home/kuscia/containerd": `${n.ctr}-containerd`,
        "/home/kuscia/etc/conf/kuscia.yaml": `${n.certs}/kuscia.yaml`,
        "/home/kuscia/var/storage/data": `${n.work}/data`,
        "/home/kuscia/var/stdout": `${n.work}/logs`,
        "/home/kuscia/var/images": `${n.work}/images`,
        "/home/kuscia/var/k3s/server/db": `${n.work}/k3s`,
    });
    assert.deepEqual(
        inspect.Config.Env.filter((e: string) => e.startsWith("NAMESPACE=")),
        [],
        "kuscia.sh passes no NAMESPACE",
    );
    assert.equal(
        sshOk(lab, n.host, `stat -c %a ${q(`${n.certs}/kuscia.yaml`)}`).trim(),
        "600",
        "the config holds the key: mode 600",
    );
}

/** The scheme partners reach the node's gateway with: its public URL's, else its own. */
export function gatewayScheme(n: NodeV11): "http" | "https" {
    const url = /^(https?):\/\//.exec(String(n.config.publicEndpoint ?? ""));
    return url ? (url[1] as "http" | "https") : ownScheme(n);
}

/** The scheme of the node's own gateway: http when its protocol is NOTLS. */
function ownScheme(n: NodeV11): "http" | "https" {
    return n.config.protocol === "NOTLS" ? "http" : "https";
}

/**
 * `from` holds `to` as a partner Domain, and its route to `to` is Ready with source tokens (the two checks of
 * Kuscia 1.1's `deploy_p2p_cn.md`).
 */
export function assertRouteReady(lab: LabHosts, from: Node, to: NodeV11): void {
    const cdr = `${from.id}-${to.id}`;
    assert.equal(
        objectField(lab, from, "domain", to.id, "{.spec.role}"),
        "partner",
        `${from.id} holds ${to.id} as a partner`,
    );
    assert.equal(
        objectField(lab, from, "cdr", cdr, '{.status.conditions[?(@.type=="Ready")].status}'),
        "True",
        `${cdr} Ready on ${from.id}`,
    );
    assert.notEqual(
        objectField(lab, from, "cdr", cdr, "{.status.tokenStatus.sourceTokens[*]}"),
        "",
        `${cdr} has source tokens`,
    );
    assert.equal(objectField(lab, from, "cdr", cdr, "{.spec.endpoint.host}"), to.host.address);
    const tls = gatewayScheme(to) === "https";
    assert.equal(
        objectField(lab, from, "cdr", cdr, "{.spec.endpoint.ports[0].isTLS}"),
        String(tls),
        `${gatewayScheme(to)} to the partner's gateway`,
    );
}

/**
 * TLS with `to`'s gateway completes for anyone (plain HTTP when `to` is NOTLS); a request without a
 * token gets 401 above TLS (1.1 refuses there, never at TLS).
 */
export function assertRefusedAboveTls(lab: LabHosts, from: Node, to: NodeV11): void {
    const r = tryInNode(
        lab,
        from,
        `curl -ks -o /dev/null -w '%{http_code}' --max-time 20 ${ownScheme(to)}://${to.host.address}:${to.port}/`,
    );
    assert.equal(r.stdout.trim(), "401", `${from.id} -> ${to.id}: ${r.stdout} ${r.stderr}`);
}

/** Destroy left no container, volume, config or Kuscia store; the data dir is kept. */
export function assertNodeV11Removed(lab: LabHosts, n: NodeV11): void {
    const where = `${n.host.name} (${n.id})`;
    assert.equal(containerExists(lab, n.host, n.ctr), false, `${where}: container ${n.ctr} is left`);
    assert.equal(volumeExists(lab, n.host, `${n.ctr}-containerd`), false, `${where}: its containerd volume is left`);
    assert.equal(pathExists(lab, n.host, n.certs), false, `${where}: ${n.certs} (the config, with the key) is left`);
    for (const d of ["k3s", "logs", "images"]) {
        assert.equal(pathExists(lab, n.host, `${n.work}/${d}`), false, `${where}: ${n.work}/${d} is left`);
    }
    assert.equal(pathExists(lab, n.host, n.data), true, `${where}: the data dir ${n.data} must be kept`);
}

/**
 * The 1.1 job `jobId` (in `cross-domain` on the initiator) wrote on each party the rows of its own
 * input whose key the other's holds, computed here from the job's config (the i-th party reads the
 * DomainData sf_input_ids[i] of its namespace, keyed on input/input_ds{i+1}/keys) and both tables on their
 * hosts.
 */
export function assertPsiOutputsV11(lab: LabHosts, parties: [NodeV11, NodeV11], jobId: string): void {
    const job = JSON.parse(inNode(lab, parties[0], `kubectl get kj ${q(jobId)} -n cross-domain -o json`));
    assert.equal(job.status?.phase, "Succeeded");
    const config = JSON.parse(job.spec.tasks[0].taskInputConfig);
    const eval_ = config.sf_node_eval_param;
    const inputs = (config.sf_cluster_desc.parties as string[]).map((id, i) => {
        const party = parties.find(p => p.id === id) ?? assert.fail(`job ${jobId} names party ${id}`);
        const uri = inNode(
            lab,
            party,
            `kubectl get domaindata ${q(config.sf_input_ids[i])} -n ${q(id)} -o 'jsonpath={.spec.relativeURI}'`,
        ).trim();
        const key = String(eval_.attrs[eval_.attr_paths.indexOf(`input/input_ds${i + 1}/keys`)].ss[0]);
        return { party, key, table: parseCsv(hostFile(lab, party.host, `${party.data}/${uri}`)) };
    });
    inputs.forEach((input, k) => {
        const other = inputs[1 - k];
        const expected = intersectRows(input.table, input.key, other.table, other.key);
        assert.ok(
            expected.length > 0 && expected.length < input.table.rows.length,
            `${input.party.id}'s table overlaps the other's in part`,
        );
        const out = parseCsv(hostFile(lab, input.party.host, `${input.party.data}/psi-output.csv`));
        assert.deepEqual(out.header, input.table.header, `${input.party.id}'s psi-output.csv header`);
        assert.deepEqual(out.rows.map(r => r.join(",")).sort(), expected, `${input.party.id}'s psi-output.csv rows`);
    });
}

/** The node's AppImage secretflow-image names `image` (REPO:TAG, as register_app_image.sh normalises it). */
export function assertAppImage(lab: LabHosts, n: Node, image: string): void {
    assert.equal(
        objectField(lab, n, "appimage", "secretflow-image", "{.spec.image.name}:{.spec.image.tag}"),
        image,
        `${n.id}'s AppImage`,
    );
}

/** The node's partner Domains (all but its own). */
export function partnerDomains(lab: LabHosts, n: Node): string[] {
    return kusciaObjects(lab, n, "domain")
        .filter(d => d !== n.id)
        .sort();
}

export type { LabHost };
