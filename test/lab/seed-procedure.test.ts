import * as assert from "node:assert/strict";
import { after, before, describe } from "node:test";
import { ensureLab, q, sshAsync, sshOk } from "../../lab/testing";
import { intersectRows, parseCsv, psiInputs } from "../support/psi-expectation";
import {
    copyBetween,
    endpoint,
    handshake,
    inNode,
    job,
    libraryVerify,
    lsOk,
    node,
    removeNode,
    tryInNode,
    waitJob,
} from "../support/seed-node";
import { steps } from "./steps";

const lab = ensureLab();

/**
 * shared/seed/deploy_p2p_multi_machine_cn.md step by step over ssh, alice on host1 and bob on
 * host2, then what must break: a cert from the wrong CA, a missing host CA, a wrong grant, a revoke;
 * the library's verify step names the foreign certificate, the wrong grant and the revoke.
 */
describe("seed procedure on two lab hosts", () => {
    const L = lab;
    const alice = node(L.hosts[0], "alice", 8081);
    const bob = node(L.hosts[1], "bob", 8082);
    const step = steps();
    // The lab's registry has no SecretFlow image: the node image stands in (deploy.sh only pulls, saves and imports
    // it).
    const env = `KUSCIA_IMAGE=${q(L.image)} SECRETFLOW_IMAGE=${q(L.image)}`;

    before(() => [alice, bob].forEach(n => removeNode(L, n)));
    after(() => {
        if (process.env.LAB_KEEP_NODES !== "1") [alice, bob].forEach(n => removeNode(L, n));
    });

    /**
     * bob signs alice's CSR; alice gets the cert and bob's CA under the file names deploy_p2p_multi_machine_cn.md
     * gives them, and joins bob.
     */
    function grantAndJoin(self: typeof alice, host: typeof bob): void {
        copyBetween(L, self, `${self.certs}/domain.csr`, host, `${host.certs}/${self.id}.domain.csr`);
        inNode(L, host, `scripts/deploy/add_domain.sh ${self.id} ${host.ctr} p2p`);
        lsOk(L, host, `${self.id}.domain.crt`, "ca.crt");
        copyBetween(L, host, `${host.certs}/${self.id}.domain.crt`, self, `${self.certs}/domain-2-${host.id}.crt`);
        copyBetween(L, host, `${host.certs}/ca.crt`, self, `${self.certs}/${host.id}.host.ca.crt`);
        lsOk(L, self, `domain-2-${host.id}.crt`, `${host.id}.host.ca.crt`);
        inNode(L, self, `scripts/deploy/join_to_host.sh ${self.id} ${host.id} ${endpoint(host)}`);
    }

    const goodCreds = { ca: "bob.host.ca.crt", cert: "domain-2-bob.crt", key: "domain.key" };

    function runJob(name: string): Promise<{ phase: string; message: string }> {
        inNode(L, alice, `scripts/user/create_example_job.sh PSI ${name}`);
        return waitJob(L, alice, name);
    }

    step("fetch deploy.sh from the image on each host", () => {
        for (const n of [alice, bob]) {
            sshOk(
                L,
                n.host,
                `docker run --rm ${q(L.image)} cat /home/kuscia/scripts/deploy/deploy.sh > deploy.sh && chmod u+x deploy.sh`,
                undefined,
                300_000,
            );
            assert.match(sshOk(L, n.host, "head -c 200 deploy.sh"), /^#!\/bin\/bash/);
        }
    });

    step("deploy.sh without a terminal fails as the real one (docker run -it)", async () => {
        const r = await sshAsync(
            L,
            alice.host,
            `${env} KUSCIA_PRIVILEGED=false ./deploy.sh autonomy -n ${alice.id} -i ${alice.host.address} -p ${alice.port}`,
        );
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /the input device is not a TTY/);
        assert.equal(sshOk(L, alice.host, `docker ps -aq -f name=^/${alice.ctr}$`).trim(), "", "no node container");
    });

    step("deploy alice on host1 and bob on host2 in a terminal (KUSCIA_PRIVILEGED=false)", async () => {
        const results = await Promise.all(
            [alice, bob].map(n =>
                sshAsync(
                    L,
                    n.host,
                    `${env} KUSCIA_PRIVILEGED=false ./deploy.sh autonomy -n ${n.id} -i ${n.host.address} -p ${n.port}`,
                    300_000,
                    { terminal: true },
                ),
            ),
        );
        results.forEach((r, i) => assert.equal(r.status, 0, `deploy ${[alice, bob][i].id}:\n${r.stdout}\n${r.stderr}`));
        for (const n of [alice, bob]) {
            lsOk(L, n, "domain.csr", "ca.crt");
            assert.equal(
                sshOk(L, n.host, `docker inspect -f '{{.State.Running}} {{.HostConfig.Privileged}}' ${n.ctr}`).trim(),
                "true false",
            );
        }
    });

    step("copy each party's test table out of the image into its data dir (the guide's 获取测试数据集)", () => {
        for (const n of [alice, bob]) {
            sshOk(
                L,
                n.host,
                `docker run --rm ${q(L.image)} cat /home/kuscia/var/storage/data/${n.id}.csv > ${q(`${n.data}/${n.id}.csv`)}`,
            );
            assert.match(sshOk(L, n.host, `head -n 1 ${q(`${n.data}/${n.id}.csv`)}`), /,/);
        }
    });

    step("bob grants alice; alice joins bob", () => grantAndJoin(alice, bob));
    step("alice grants bob; bob joins alice", () => grantAndJoin(bob, alice));

    step(
        "alice's TLS handshake with bob's gateway succeeds with domain-2-bob.crt; " +
            "without Kuscia-Source token auth answers 401",
        () => {
            const h = handshake(L, alice, bob, goodCreds);
            assert.equal(h.curlExit, 0, h.stderr);
            assert.equal(h.httpCode, "401");
        },
    );

    step("the library's verify step: both directions verified through each node's own gateway", () => {
        for (const [from, to] of [
            [alice, bob],
            [bob, alice],
        ]) {
            const v = libraryVerify(L, from, to);
            assert.equal(v.status, 0, v.out);
            assert.match(
                v.out,
                new RegExp(`^${from.id} -> ${to.id} \\(${endpoint(to).replace(/\./g, "\\.")}\\): verified: `),
            );
        }
    });

    step("create_example_job.sh on alice: the PSI job Succeeds with the intersection on both parties", async () => {
        inNode(L, alice, "scripts/user/create_example_job.sh");
        const items = JSON.parse(inNode(L, alice, "kubectl get kj -o json")).items as any[];
        assert.equal(items.length, 1, "one job on a fresh alice");
        const name = items[0].metadata.name as string;
        const state = await waitJob(L, alice, name);
        assert.equal(state.phase, "Succeeded", state.message);
        assert.match(inNode(L, alice, "kubectl get kj"), new RegExp(`${name}\\s.*Succeeded`));

        const inputs = psiInputs(job(L, alice, name).spec.tasks[0].taskInputConfig);
        const byParty = new Map([alice, bob].map(n => [n.id, n]));
        const tables = inputs.map(i =>
            parseCsv(sshOk(L, byParty.get(i.party)!.host, `cat ${q(`${byParty.get(i.party)!.data}/${i.uri}`)}`)),
        );
        for (const [k, input] of inputs.entries()) {
            const other = 1 - k;
            const expected = intersectRows(tables[k], input.key, tables[other], inputs[other].key);
            assert.ok(
                expected.length > 0 && expected.length < tables[k].rows.length,
                "the demo tables overlap in part",
            );
            const n = byParty.get(input.party)!;
            const out = parseCsv(sshOk(L, n.host, `cat ${q(`${n.data}/psi-output.csv`)}`));
            assert.deepEqual(out.header, tables[k].header, `${n.id}'s psi-output.csv header`);
            assert.deepEqual(out.rows.map(r => r.join(",")).sort(), expected, `${n.id}'s psi-output.csv rows`);
        }
    });

    step("wrong CA: alice's cert signed by another CA is refused and the job fails", async () => {
        const rogue = `${alice.host.home}/rogue-ca`;
        sshOk(
            L,
            alice.host,
            `set -e; rm -rf ${rogue}; mkdir ${rogue}; cd ${rogue}; ` +
                `openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj /CN=Kuscia 2>/dev/null; ` +
                `openssl x509 -req -in ${alice.certs}/domain.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 ` +
                `-out alice-by-rogue.crt 2>/dev/null; ` +
                `cp ${alice.certs}/domain-2-bob.crt good.crt; cp alice-by-rogue.crt ${alice.certs}/domain-2-bob.crt`,
        );
        const join = tryInNode(L, alice, `scripts/deploy/join_to_host.sh alice bob ${endpoint(bob)}`);
        assert.equal(join.status, 0, join.stderr);
        const h = handshake(L, alice, bob, goodCreds);
        assert.notEqual(h.curlExit, 0, "bob must refuse a client cert signed by another CA");
        assert.equal(h.httpCode, "000");
        const state = await runJob("wrong-ca-psi");
        assert.equal(state.phase, "Failed");
        assert.match(state.message, /client certificate refused by bob/);
        const v = libraryVerify(L, alice, bob);
        assert.notEqual(v.status, 0);
        assert.match(
            v.out,
            /alice -> bob .*refused at TLS .*domain-2-bob\.crt is not signed by bob\.host\.ca\.crt: a foreign certificate/,
        );
        sshOk(L, alice.host, `cp ${rogue}/good.crt ${alice.certs}/domain-2-bob.crt && rm -rf ${rogue}`);
        inNode(L, alice, `scripts/deploy/join_to_host.sh alice bob ${endpoint(bob)}`);
        assert.equal(handshake(L, alice, bob, goodCreds).curlExit, 0, "restored");
    });

    step("missing bob.host.ca.crt: join refuses, bob's server cert is not trusted, the job fails", async () => {
        const ca = `${alice.certs}/bob.host.ca.crt`;
        sshOk(L, alice.host, `mv ${ca} ${alice.host.home}/bob.host.ca.crt.saved`);
        inNode(L, alice, "kubectl delete domainroute alice-bob -n alice");
        const join = tryInNode(L, alice, `scripts/deploy/join_to_host.sh alice bob ${endpoint(bob)}`);
        assert.notEqual(join.status, 0);
        assert.match(join.stderr, /bob\.host\.ca\.crt not found/);
        const h = handshake(L, alice, bob, { cert: "domain-2-bob.crt", key: "domain.key" });
        assert.equal(h.curlExit, 60, `curl must refuse bob's certificate without bob's CA: ${h.stderr}`);
        const state = await runJob("no-host-ca-psi");
        assert.equal(state.phase, "Failed");
        assert.match(state.message, /no DomainRoute alice-bob/);
        sshOk(L, alice.host, `mv ${alice.host.home}/bob.host.ca.crt.saved ${ca}`);
        inNode(L, alice, `scripts/deploy/join_to_host.sh alice bob ${endpoint(bob)}`);
        assert.equal(handshake(L, alice, bob, goodCreds).curlExit, 0, "restored");
    });

    step("wrong grant: bob signs another key's CSR for alice; the library's verify names it", () => {
        inNode(
            L,
            bob,
            "openssl req -new -newkey rsa:2048 -nodes -keyout /tmp/other.key -subj /CN=alice " +
                "-out etc/certs/alice.domain.csr",
        );
        inNode(L, bob, `scripts/deploy/add_domain.sh alice ${bob.ctr} p2p`);
        copyBetween(L, bob, `${bob.certs}/alice.domain.crt`, alice, `${alice.certs}/domain-2-bob.crt`);
        inNode(L, alice, `scripts/deploy/join_to_host.sh alice bob ${endpoint(bob)}`);
        const v = libraryVerify(L, alice, bob);
        assert.notEqual(v.status, 0);
        assert.match(
            v.out,
            new RegExp(
                String.raw`alice -> bob .*domain-2-bob\.crt that bob issued is not for alice's key: ` +
                    String.raw`bob signed another CSR \(a wrong grant\)`,
            ),
        );
        grantAndJoin(alice, bob);
        assert.equal(libraryVerify(L, alice, bob).status, 0, "restored");
    });

    step(
        "revoked: after bob deletes Domain alice and DomainRoute alice-bob, TLS still passes, " +
            "token auth refuses alice, the job fails",
        async () => {
            inNode(L, bob, "kubectl delete domain alice");
            inNode(L, bob, "kubectl delete domainroute alice-bob -n bob");
            const h = handshake(L, alice, bob, goodCreds);
            assert.equal(h.curlExit, 0, `a certificate of bob's CA still passes TLS: ${h.stderr}`);
            const v = libraryVerify(L, alice, bob);
            assert.notEqual(v.status, 0);
            assert.match(
                v.out,
                new RegExp(
                    String.raw`^kuscia: alice -> bob \(.*\): refused by bob's token auth ` +
                        String.raw`\(HTTP 401 unauthorized\.\): bob does not grant alice`,
                ),
            );
            const state = await runJob("revoked-psi");
            assert.equal(state.phase, "Failed");
            assert.match(state.message, /refused by bob's token auth/);
        },
    );
});
