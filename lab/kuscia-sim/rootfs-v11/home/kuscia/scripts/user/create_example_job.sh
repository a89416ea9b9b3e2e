#!/bin/bash
# The example PSI KusciaJob between alice and bob in namespace cross-domain (Kuscia 1.1's interface):
# create_example_job.sh [PSI|PSI_WITH_DP|NSJAIL_PSI] [JOB_NAME]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v11/cli/create-example-job.js" "$@"
