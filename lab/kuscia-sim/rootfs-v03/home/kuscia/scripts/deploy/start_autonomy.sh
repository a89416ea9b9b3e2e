#!/bin/bash
# The node's main process (run as `tini -- scripts/deploy/start_autonomy.sh DOMAIN_ID`): gateway, KusciaAPI, job
# controller.
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/daemon/main.js" "$@"
