"""examples/two-party in Python: alice and bob on two hosts, trust both ways, the PSI job."""
import pulumi
import pulumi_kuscia as kuscia

config = pulumi.Config()


def node(domain_id: str, gateway_port: int) -> kuscia.KusciaAutonomyNode:
    c = pulumi.Config(domain_id)
    host = c.require_object("host")
    with open(host["privateKeyPath"]) as key:
        private_key = pulumi.Output.secret(key.read())
    return kuscia.KusciaAutonomyNode(
        domain_id,
        domain_id=domain_id,
        connection=kuscia.ConnectionArgs(
            host=host["host"],
            port=host.get("port", 22),
            user=host["user"],
            private_key=private_key,
            host_key=host.get("hostKey"),
        ),
        gateway_port=c.get_int("gatewayPort") or gateway_port,
        image=c.get("image") or config.get("image"),
        memory=c.get("memory"),
        privileged=config.get_bool("privileged"),
        identity=c.get("identity"),
        container_driver=c.get("containerDriver"),
        demo_data=True,
    )


alice = node("alice", 8081)
bob = node("bob", 8082)
trust = kuscia.MutualAuthorization("alice-bob", nodes=[alice, bob])
job = kuscia.ExamplePsiJob(
    "psi",
    node=alice,
    job_id=config.get("jobId") or "psi-two-party",
    opts=pulumi.ResourceOptions(depends_on=[trust]),
)

pulumi.export("endpoints", {"alice": alice.endpoint, "bob": bob.endpoint})
pulumi.export("containers", {"alice": alice.container_name, "bob": bob.container_name})
pulumi.export("certsDirs", {"alice": alice.certs_dir, "bob": bob.certs_dir})
pulumi.export("trustStatus", trust.message)
pulumi.export("jobPhase", job.phase)
pulumi.export("api", alice.api)
