#!/bin/bash
# Copies this node's demo table into var/storage/data when absent and registers it
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/cli/import-demo-data.js" "$@"
