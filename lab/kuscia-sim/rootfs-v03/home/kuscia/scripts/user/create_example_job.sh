#!/bin/bash
# Creates the example PSI KusciaJob between alice and bob: create_example_job.sh [PSI] [JOB_NAME]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/cli/create-example-job.js" "$@"
