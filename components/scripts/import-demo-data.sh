# Args: CONTAINER DOMAIN_ID (the script reads NAMESPACE in the container). Imports the image's demo table for this domain, as deploy.sh does after start.
ctr=$1 domain_id=$2
in_node "$ctr" scripts/deploy/import_demo_data.sh >&2
