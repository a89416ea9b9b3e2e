#!/bin/bash
# Creates domain.key, domain.csr and the node's CA when missing: init_domain_certs.sh DOMAIN_ID
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/cli/init-domain-certs.js" "$@"
