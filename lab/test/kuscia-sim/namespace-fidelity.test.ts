import assert from "node:assert/strict";
import * as fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { Requeue } from "../../kuscia-sim/src/daemon/requeue";
import { grant, tempRootV03, V03Node } from "./helpers/node-v03";
import { addPartner, tempRootV11, V11Node } from "./helpers/node-v11";
import { eventually } from "./helpers/run";

/**
 * A domain id with a dot: Kuscia's K3sRegex takes it, Kubernetes refuses it as a Namespace name
 * (apimachinery ValidateNamespaceName, IsDNS1123Label). Kuscia makes a Namespace of every Domain's
 * name (pkg/controllers/domain/namespace.go createNamespace); Kuscia 0.3 makes its own first
 * (cmd/kuscia/autonomy/autonomy.go createDefaultNamespace).
 */
const ID = "bank.b2";
const REFUSAL =
    `Namespace "bank.b2" is invalid: metadata.name: Invalid value: "bank.b2": a lowercase RFC 1123 label must consist ` +
    `of lower case ` +
    `alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or ` +
    `'123-abc', ` +
    `regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`;
const NOT_FOUND = 'namespaces "bank.b2" not found';

type Node = V03Node | V11Node;

async function json(node: Node, args: string[]): Promise<any> {
    const r = await node.kubectl(["get", ...args, "-o", "json"]);
    assert.equal(r.code, 0, `${node.id}: kubectl get ${args.join(" ")}: ${r.stderr}`);
    return JSON.parse(r.stdout);
}

async function absent(node: Node, args: string[], plural: string, name: string): Promise<void> {
    const r = await node.kubectl(["get", ...args]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error from server (NotFound): ${plural} "${name}" not found\n`);
}

async function noGateway(node: Node): Promise<void> {
    const r = await node.kubectl(["get", "gateways", "-n", ID]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, `No resources found in ${ID} namespace.\n`);
}

const logged = (node: Node, text: string) =>
    eventually(`${node.id}'s log to show ${text}`, () => (node.log.includes(text) ? true : undefined), 15000);

describe("domain namespaces and a domain id that is no namespace name (Kuscia 0.3.0b0)", () => {
    let root: string;
    let alice: V03Node;
    let bob: V03Node;
    let bank: V03Node;

    before(async () => {
        root = tempRootV03("namespaces");
        alice = await V03Node.create("alice", root);
        bob = await V03Node.create("bob", root);
        bank = await V03Node.create(ID, root);
        for (const n of [alice, bob, bank]) await n.initCerts();
        await alice.start();
    });
    after(async () => {
        await alice?.stop();
        await bank?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("a node's own namespace and a partner's are made, labelled as the Domain controller labels them", async () => {
        await grant(alice, bob);
        const ns = await eventually("namespace bob", async () => {
            const r = await alice.kubectl(["get", "ns", "bob", "-o", "json"]);
            return r.code === 0 ? JSON.parse(r.stdout) : undefined;
        });
        assert.deepEqual(ns.metadata.labels, {
            "kubernetes.io/metadata.name": "bob",
            "kuscia.secretflow/domain-name": "bob",
            "kuscia.secretflow/role": "partner",
            "kuscia.secretflow/interconn-protocols": "kuscia",
        });
        assert.equal(ns.status.phase, "Active");
        const own = await json(alice, ["ns", "alice"]);
        assert.equal(own.metadata.labels["kuscia.secretflow/domain-name"], "alice");
        const r = await alice.kubectl(["get", "ns"]);
        assert.match(r.stdout, /^NAME\s+STATUS\s+AGE\n/);
        assert.deepEqual(
            r.stdout
                .trimEnd()
                .split("\n")
                .slice(1)
                .map(l => l.split(/\s+/).slice(0, 2).join(" ")),
            [
                "alice Active",
                "bob Active",
                "default Active",
                "kube-node-lease Active",
                "kube-public Active",
                "kube-system Active",
            ],
        );
    });

    it(
        "a node whose id is bank.b2 dies at start on its " +
            "namespace, before its Domain: its gateway is never listed",
        async () => {
            // autonomy.go: createDefaultNamespace's error ends `kuscia autonomy` (exit 1), and start_autonomy.sh (set
            // -e) with it.
            await assert.rejects(bank.start(), /daemon exited 1/);
            await logged(bank, `fatal: ${REFUSAL}`);
            await noGateway(bank);
            await absent(bank, ["domain", ID], "domains", ID);
            await absent(bank, ["ns", ID], "namespaces", ID);
        },
    );

    it(
        "a partner Domain bank.b2 is added but gets no namespace: the refusal is logged and retried, create_token.sh " +
            "fails",
        async () => {
            fs.copyFileSync(bank.file("domain.csr"), alice.file(`${ID}.domain.csr`));
            const r = await alice.script("deploy/add_domain.sh", [ID, "test-kuscia-autonomy-alice", "p2p"]);
            assert.equal(r.code, 0, r.stderr);
            // create_token.sh's `kubectl create token bank.b2 -n bank.b2` under `| tail -n 1`: the route gets no token.
            assert.equal(r.stderr, `error: failed to create token: ${NOT_FOUND}\n`);
            const route = await json(alice, ["dr", `${ID}-alice`, "-n", "alice"]);
            assert.deepEqual(route.spec.requestHeadersToAdd, { Authorization: "Bearer" });
            // controller.go create: `Create domain %v namespace failed: %v`; queue.go HandleQueueItem re-queues it (15
            // times at most).
            await logged(alice, `Create domain ${ID} namespace failed: ${REFUSAL}`);
            await logged(
                alice,
                `Error syncing: queue id[domain-controller], retry:[1] key[${ID}]: ${JSON.stringify(REFUSAL)}, re-queuing`,
            );
            await absent(alice, ["ns", ID], "namespaces", ID);
            assert.equal((await json(alice, ["domain", ID])).status, undefined);
        },
    );

    it(
        "kubectl apply of a Namespace: a label name is created, a name with a dot refused, and nothing goes into such " +
            "a namespace",
        async () => {
            const ns = (name: string) => JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
            let r = await alice.kubectl(["apply", "-f", "-"], ns("bank"));
            assert.equal(r.stdout, "namespace/bank created\n", r.stderr);
            r = await alice.kubectl(["apply", "-f", "-"], ns("bank"));
            assert.equal(r.stdout, "namespace/bank unchanged\n");
            r = await alice.kubectl(["apply", "-f", "-"], ns(ID));
            assert.equal(r.code, 1);
            assert.equal(r.stderr, `The ${REFUSAL}\n`);
            const route = {
                apiVersion: "kuscia.secretflow/v1alpha1",
                kind: "DomainRoute",
                metadata: { name: "x-y", namespace: ID },
                spec: { source: "x", destination: "y" },
            };
            r = await alice.kubectl(["apply", "-f", "-"], JSON.stringify(route));
            assert.equal(r.code, 1);
            assert.equal(r.stderr, `Error from server (NotFound): error when creating "STDIN": ${NOT_FOUND}\n`);
            r = await alice.kubectl(["delete", "namespace", "bank"]);
            assert.equal(r.stdout, 'namespace "bank" deleted\n');
        },
    );
});

describe("domain namespaces and a domain id that is no namespace name (Kuscia 1.1.0b0)", () => {
    let root: string;
    let alice: V11Node;
    let bank: V11Node;

    before(async () => {
        root = tempRootV11("namespaces");
        alice = await V11Node.create("alice", root);
        bank = await V11Node.create(ID, root);
        for (const n of [alice, bank]) {
            await n.init();
            await n.start();
        }
    });
    after(async () => {
        await alice?.stop();
        await bank?.stop();
        fs.rmSync(root, { recursive: true, force: true });
    });

    it("a node whose id is bank.b2 runs, but its namespace is refused and its gateway never registers", async () => {
        // k3s.go createDefaultDomain takes the Domain; the Domain controller's createNamespace fails (controller.go
        // create).
        await logged(bank, `Create domain ${ID} namespace failed: ${REFUSAL}`);
        await logged(
            bank,
            `Re-syncing: queue id[domain-controller], retry:[1] key[${ID}]: ${JSON.stringify(REFUSAL)}, re-queuing (`,
        );
        // pkg/gateway/controller/gateway.go syncHandler; NamespaceLifecycle refuses objects in a namespace that does
        // not exist.
        await logged(bank, `create gateway(name:test-kuscia-autonomy-${ID}-host namespace:${ID}) fail: ${NOT_FOUND}`);
        await logged(bank, `Create default datasource default-data-source failed, error: ${NOT_FOUND}.`);
        await noGateway(bank);
        await absent(bank, ["ns", ID], "namespaces", ID);
        const domain = await json(bank, ["domain", ID]);
        assert.equal(domain.metadata.labels?.["kuscia.secretflow/domain-auth"], undefined);
        assert.equal((await json(bank, ["ns", "cross-domain"])).status.phase, "Active");
    });

    it("the own namespace of a node with a valid id is made by the Domain controller", async () => {
        const ns = await json(alice, ["ns", "alice"]);
        assert.equal(ns.metadata.labels["kuscia.secretflow/domain-name"], "alice");
        const r = await alice.kubectl(["get", "gateways", "-n", "alice"]);
        assert.match(r.stdout, /test-kuscia-autonomy-alice-host/);
    });

    it(
        "a partner Domain bank.b2 added to alice gets no namespace and no inbound route; the refusal is logged and " +
            "retried",
        async () => {
            await addPartner(alice, bank);
            await logged(alice, `Create domain ${ID} namespace failed: ${REFUSAL}`);
            await logged(
                alice,
                `Re-syncing: queue id[domain-controller], retry:[1] key[${ID}]: ${JSON.stringify(REFUSAL)}, re-queuing (`,
            );
            await absent(alice, ["ns", ID], "namespaces", ID);
            // createOrUpdateAuth comes after the namespace (controller.go create): no inbound ClusterDomainRoute, no
            // domain-auth label.
            await absent(alice, ["cdr", `${ID}-alice`], "clusterdomainroutes", `${ID}-alice`);
            const domain = await json(alice, ["domain", ID]);
            assert.equal(domain.metadata.labels?.["kuscia.secretflow/domain-auth"], undefined);
            assert.equal(domain.status, undefined);
        },
    );
});

describe("the Domain controller's retries of a refused namespace (pkg/utils/queue/queue.go HandleQueueItem)", () => {
    it("re-queues a failed key 15 times with doubling delays from 5 ms, then forgets it until its object changes", () => {
        const lines: string[] = [];
        const write = process.stdout.write;
        process.stdout.write = ((s: string) => (lines.push(s), true)) as typeof process.stdout.write;
        try {
            const q = new Requeue("domain-controller", "0.3");
            let now = 0;
            for (let n = 0; n < 15; n++) {
                assert.ok(q.due(ID, "1", now), `attempt ${n + 1}`);
                q.failed(ID, "1", "refused", now, 0.5);
                assert.ok(!q.due(ID, "1", now + 5 * 2 ** n - 1));
                now += 5 * 2 ** n;
            }
            assert.ok(q.due(ID, "1", now));
            q.failed(ID, "1", "refused", now, 0.5);
            assert.ok(!q.due(ID, "1", now + 1e9), "forgotten");
            assert.ok(q.due(ID, "2", now + 1e9), "an update enqueues it again");
            q.failed(ID, "2", "refused", now + 1e9, 0.5);
        } finally {
            process.stdout.write = write;
        }
        const messages = lines.map(l => l.replace(/^\S+ /, "").trimEnd());
        assert.equal(messages.length, 17);
        assert.equal(
            messages[0],
            `Error syncing: queue id[domain-controller], retry:[0] key[${ID}]: "refused", re-queuing`,
        );
        assert.equal(
            messages[14],
            `Error syncing: queue id[domain-controller], retry:[14] key[${ID}]: "refused", re-queuing`,
        );
        assert.equal(
            messages[15],
            `Forgetting: queue id[domain-controller], key[${ID}], due to maximum retries[15] reached, last error: "refused"`,
        );
        assert.equal(
            messages[16],
            `Error syncing: queue id[domain-controller], retry:[0] key[${ID}]: "refused", re-queuing`,
        );
    });
});
