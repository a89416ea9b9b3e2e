# Values: CONTAINER DOMAIN_ID. After copy-demo-tables: Kuscia 1.1's guide's DomainData of both demo tables in
# the node's namespace (create_domaindata_alice_table.sh and create_domaindata_bob_table.sh ID: alice-table,
# bob-table; kubectl apply, so a re-run changes nothing). Datamesh makes default-data-source itself.
ctr=$CONTAINER domain_id=$DOMAIN_ID
for script in create_domaindata_alice_table.sh create_domaindata_bob_table.sh; do
    in_node "$ctr" "scripts/deploy/$script" "$domain_id" >&2
done
