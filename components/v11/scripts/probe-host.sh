# Values: CONFIG WORK_DIR NETWORK. Run on refresh only: prints "present" while what the node keeps on
# its host is there (its config with the key, its work dir, the docker network), "missing" once it is
# gone (a rebuilt or wiped host).
config=$CONFIG work_dir=$WORK_DIR network=$NETWORK
if [ -s "$config" ] && [ -d "$work_dir/data" ] && docker network inspect "$network" >/dev/null 2>&1; then
    echo present
else
    echo missing
fi
