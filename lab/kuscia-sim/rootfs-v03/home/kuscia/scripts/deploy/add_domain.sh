#!/bin/bash
# Grants a partner: add_domain.sh DOMAIN_ID [HOST] [p2p] [INTERCONN_PROTOCOL]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/cli/add-domain.js" "$@"
