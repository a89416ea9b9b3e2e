"""examples/cross-org in Python: one organisation's own stack, its host and its secrets.

Stack `alice` (Pulumi.alice.yaml) is alice's node, stack `bob` (Pulumi.bob.yaml) is bob's; each stack file
names the organisation's domain id, its partner's and its gateway port. From the partner it reads only the
published handshake: a stack reference (peerStack) or a JSON file the partner sent (peerFile). The partner may
run the TypeScript example (examples/cross-org): the handshake is the same data.
"""
import json

import pulumi
import pulumi_kuscia as kuscia

config = pulumi.Config()
domain_id = config.require("domainId")
partner = config.require("partner")
peer_stack = config.get("peerStack")
peer_file = config.get("peerFile")


def partner_handshake():
    """The partner's published handshake; None until it publishes one."""
    if peer_stack is not None:
        return pulumi.StackReference(partner, stack_name=peer_stack).get_output("handshake")
    if peer_file is not None:
        with open(peer_file) as f:
            return json.load(f)
    return None


host = config.require_object("host")
with open(host["privateKeyPath"]) as key:
    private_key = pulumi.Output.secret(key.read())

node = kuscia.KusciaAutonomyNode(
    domain_id,
    domain_id=domain_id,
    generation=config.get("generation"),
    connection=kuscia.ConnectionArgs(
        host=host["host"],
        port=host.get("port", 22),
        user=host["user"],
        private_key=private_key,
        host_key=host.get("hostKey"),
    ),
    gateway_port=config.require_int("gatewayPort"),
    image=config.get("image"),
    privileged=config.get_bool("privileged"),
    protocol=config.get("protocol"),
    identity=config.get("identity"),
    container_driver=config.get("containerDriver"),
    demo_data=True,
)

# The partner's handshake is checked as one for this node before any host is touched: its domain id must be
# `partner`, and with peerFingerprint (the partner's trustFingerprint, read out of band) its certificate too.
trust = kuscia.MutualAuthorization(
    f"{domain_id}-{partner}",
    local=node,
    partner_domain_id=partner,
    partner_fingerprint=config.get("peerFingerprint"),
    peer=partner_handshake(),
)

pulumi.export("handshake", trust.handshake)
pulumi.export("status", trust.status)
pulumi.export("message", trust.message)
pulumi.export("trustFingerprint", node.trust_fingerprint)
pulumi.export("endpoint", node.endpoint)
pulumi.export("containerName", node.container_name)
pulumi.export("certsDir", node.certs_dir)
pulumi.export("dataDir", node.data_dir)
