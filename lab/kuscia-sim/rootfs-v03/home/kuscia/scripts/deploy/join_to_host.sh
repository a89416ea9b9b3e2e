#!/bin/bash
# Routes this node to a host partner: join_to_host.sh SELF_DOMAIN_ID HOST_DOMAIN_ID HOST_ENDPOINT [-p proto] [-a
# MTLS|Token|None] [-k]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/cli/join-to-host.js" "$@"
