#!/bin/bash
# bob's demo table: create_domaindata_bob_table.sh DOMAIN_ID (Kuscia 0.3's interface).
exec "$(dirname "${BASH_SOURCE[0]}")/../../bin/apply-template" domaindata_bob_table.yaml \
  "$(basename "$0") DOMAIN_ID" "$@"
