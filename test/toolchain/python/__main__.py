"""The command plugin from Python, with no Python SDK of it: a raw custom resource by its token."""

import pulumi

config = pulumi.Config()
token = config.require_secret("token")

echo = pulumi.CustomResource(
    "command:local:Command",
    "echo",
    {"create": "printf %s python", "stdout": None},
)

pulumi.export("commandStdout", echo.stdout)  # type: ignore[attr-defined]
pulumi.export("token", token)
