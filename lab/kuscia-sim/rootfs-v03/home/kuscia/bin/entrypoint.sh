#!/bin/bash
# The image's entrypoint: runs the command it is given (the node's start script, or any tool).
set -e
exec "$@"
