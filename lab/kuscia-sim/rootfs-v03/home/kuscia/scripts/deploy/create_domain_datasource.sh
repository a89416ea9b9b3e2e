#!/bin/bash
# The demo data source: create_domain_datasource.sh DOMAIN_ID (Kuscia 0.3's interface).
exec "$(dirname "${BASH_SOURCE[0]}")/../../bin/apply-template" domain_datasource.yaml "$(basename "$0") DOMAIN_ID" "$@"
