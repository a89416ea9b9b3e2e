#!/bin/bash
# As Kuscia's: domain.key and ca.key (PKCS#1) when missing; domain.csr (CN=ID) and ca.crt (CN=Kuscia) on every run:
# init_domain_certs.sh DOMAIN_ID [CSR_TOKEN]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/cli/init-domain-certs.js" "$@"
