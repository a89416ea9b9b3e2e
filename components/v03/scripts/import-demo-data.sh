# Values: CONTAINER DOMAIN_ID. After copy-demo-tables: deploy.sh's create_domaindata_table inside the
# container: create_domain_datasource.sh, create_domaindata_alice_table.sh and
# create_domaindata_bob_table.sh ID (DomainDataSource default-data-source, DomainData alice-table and
# bob-table; kubectl apply, so a re-run changes nothing).
ctr=$CONTAINER domain_id=$DOMAIN_ID
for script in create_domain_datasource.sh create_domaindata_alice_table.sh create_domaindata_bob_table.sh; do
    in_node "$ctr" "scripts/deploy/$script" "$domain_id" >&2
done
