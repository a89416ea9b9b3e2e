#!/bin/bash
# Routes this node to a partner (Kuscia 1.1's interface): join_to_host.sh SELF_DOMAIN_ID HOST_DOMAIN_ID
# [http[s]://]HOST[:PORT][/PATH] [-p proto] [-a ...] [-t token] [-k x] [-i x]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v11/cli/join-to-host.js" "$@"
