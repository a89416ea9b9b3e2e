#!/bin/bash
# alice's demo table: create_domaindata_alice_table.sh DOMAIN_ID (Kuscia 1.1's interface).
exec "$(dirname "${BASH_SOURCE[0]}")/../../bin/apply-template" domaindata_alice_table.yaml \
  "$(basename "$0") DOMAIN_ID" "$@"
