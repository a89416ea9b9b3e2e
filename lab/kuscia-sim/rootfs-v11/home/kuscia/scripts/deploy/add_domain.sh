#!/bin/bash
# Adds a partner (Kuscia 1.1's interface): add_domain.sh DOMAIN_ID [ROLE] [INTERCONN_PROTOCOL] [MASTER_DOMAIN_ID],
# reading var/certs/DOMAIN_ID.domain.crt
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v11/cli/add-domain.js" "$@"
