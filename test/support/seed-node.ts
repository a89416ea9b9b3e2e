// A Kuscia 0.3 autonomy node as Kuscia's `deploy_p2p_multi_machine_cn.md` deploys it by hand (the login
// user's home, default names), and what the tests do with one: commands in its container, files
// copied between hosts, its jobs, TLS handshakes and requests through its gateway, and the library's
// verify step run against it.
import * as assert from "node:assert/strict";
import { generationSteps } from "../../components/kusciaGenerations";
import { stepArguments } from "../../components/core/remoteSteps";
import { LabHost, LabHosts } from "../../lab/state";
import { q, ssh, sshOk } from "../../lab/testing";

/** One autonomy node deployed as `deploy_p2p_multi_machine_cn.md` does: in the login user's home, default dir names. */
export interface Node {
    id: string;
    host: LabHost;
    port: number;
    /** The address partners reach the node at, when it is not its host's (a node's hostIp). */
    address?: string;
    ctr: string;
    certs: string;
    data: string;
}

export function node(host: LabHost, id: string, port: number): Node {
    return {
        id,
        host,
        port,
        ctr: `${host.user}-kuscia-autonomy-${id}`,
        certs: `${host.home}/kuscia-autonomy-${id}-certs`,
        data: `${host.home}/kuscia-autonomy-${id}-data`,
    };
}

export const endpoint = (n: Node) => `${n.address ?? n.host.address}:${n.port}`;

/** `docker exec` without -it, as the tests' commands run without a terminal. */
export const inNode = (lab: LabHosts, n: Node, command: string) =>
    sshOk(lab, n.host, `docker exec ${n.ctr} ${command}`);

export const tryInNode = (lab: LabHosts, n: Node, command: string) =>
    ssh(lab, n.host, `docker exec ${n.ctr} ${command}`);

/** Removes the node's container, volume and dirs (root-owned files: removed through docker). */
export function removeNode(lab: LabHosts, n: Node): void {
    const dirs = [n.certs, n.data].map(d => q(`/h/${d.slice(n.host.home.length + 1)}`)).join(" ");
    sshOk(
        lab,
        n.host,
        `docker rm -f ${n.ctr} >/dev/null 2>&1; docker volume rm ${n.ctr}-containerd >/dev/null 2>&1; ` +
            `docker run --rm -v "$HOME:/h" --entrypoint rm ${q(lab.image)} -rf ${dirs} && rm -f deploy.sh`,
    );
}

/**
 * Copies a file from one host to another through this test runner (where `deploy_p2p_multi_machine_cn.md`'s
 * operator copies it by hand).
 */
export function copyBetween(lab: LabHosts, from: Node, fromPath: string, to: Node, toPath: string): void {
    const content = sshOk(lab, from.host, `cat ${q(fromPath)}`);
    assert.ok(content.length > 0, `${from.host.name}:${fromPath} is empty`);
    sshOk(lab, to.host, `cat > ${q(toPath)}`, content);
}

export function lsOk(lab: LabHosts, n: Node, ...files: string[]): void {
    sshOk(lab, n.host, `ls ${files.map(f => q(`${n.certs}/${f}`)).join(" ")}`);
}

export interface JobState {
    phase: string;
    message: string;
}

export function job(lab: LabHosts, n: Node, name: string): any {
    return JSON.parse(inNode(lab, n, `kubectl get kj ${q(name)} -o json`));
}

/** Polls the job until Succeeded or Failed. */
export async function waitJob(lab: LabHosts, n: Node, name: string, timeoutMs = 180_000): Promise<JobState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const s = job(lab, n, name).status ?? {};
        if (s.phase === "Succeeded" || s.phase === "Failed")
            return { phase: s.phase, message: String(s.message ?? "") };
        if (Date.now() > deadline) throw new Error(`job ${name} on ${n.id} still '${s.phase}' after ${timeoutMs} ms`);
        await new Promise(r => setTimeout(r, 1000));
    }
}

export interface Handshake {
    curlExit: number;
    httpCode: string;
    stderr: string;
}

/**
 * An HTTPS request from inside `from`'s container to `to`'s gateway with the given files of
 * from's etc/certs (no CA file: the system's trust store). httpCode '000' means no HTTP answer.
 */
export function handshake(
    lab: LabHosts,
    from: Node,
    to: Node,
    files: { ca?: string; cert: string; key: string },
): Handshake {
    const args = [
        "curl",
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "'%{http_code}'",
        "--max-time",
        "10",
        ...(files.ca ? ["--cacert", `etc/certs/${files.ca}`] : []),
        "--cert",
        `etc/certs/${files.cert}`,
        "--key",
        `etc/certs/${files.key}`,
        `https://${endpoint(to)}/`,
    ];
    const r = tryInNode(lab, from, args.join(" "));
    return { curlExit: r.status, httpCode: r.stdout.trim(), stderr: r.stderr.trim() };
}

/**
 * The HTTP status of a GET from `from`'s own gateway (its internal listener) to a service of `to`,
 * as a job's partner traffic travels: 401 means `to`'s token auth refused `from`.
 */
export function throughGateway(lab: LabHosts, from: Node, to: Node, service: string, urlPath = "/"): string {
    const r = tryInNode(
        lab,
        from,
        `curl -sS -o /dev/null -w '%{http_code}' --max-time 20 ` +
            `-H ${q(`Host: ${service}.${to.id}.svc`)} http://127.0.0.1:80${urlPath}`,
    );
    return r.stdout.trim();
}

/**
 * The library's verify step (components/v03/scripts/verify.sh, from the library's bundle of steps) run
 * over ssh from `from` to `to`.
 */
export function libraryVerify(lab: LabHosts, from: Node, to: Node): { status: number; out: string } {
    const args = stepArguments(generationSteps(), ["verify"], {
        CONTAINER: from.ctr,
        SELF: from.id,
        PEER: to.id,
        PEER_ENDPOINT: endpoint(to),
    });
    const r = ssh(lab, from.host, `bash -s ${args}`, generationSteps().text);
    return { status: r.status, out: (r.stdout + r.stderr).trim() };
}
