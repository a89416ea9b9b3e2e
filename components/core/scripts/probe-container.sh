# Values: CONTAINER CONFIG_HASH. Run on refresh only (docker CLI driver): prints "present" while the
# node's container runs with this configuration, "missing" otherwise (removed or replaced by hand).
ctr=$CONTAINER config_hash=$CONFIG_HASH
state=$(docker inspect -f '{{.State.Running}} {{index .Config.Labels "kuscia.pulumi/config"}}' "$ctr" 2>/dev/null || true)
if [ "$state" = "true $config_hash" ]; then
    echo present
else
    echo missing
fi
