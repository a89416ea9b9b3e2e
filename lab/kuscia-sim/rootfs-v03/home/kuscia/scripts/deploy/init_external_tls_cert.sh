#!/bin/bash
# As Kuscia's: a new gateway key (PKCS#1) and certificate on every run, CN ID_ENVOY_EXTERNAL, SANs 127.0.0.1, eth0,
# localhost + extra: init_external_tls_cert.sh DOMAIN_ID [EXTRA_SUBJECT_ALT_NAME]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/cli/init-external-tls-cert.js" "$@"
