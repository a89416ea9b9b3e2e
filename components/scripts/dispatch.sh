# The bundle's entry: `bash BUNDLE STEP@VERSION... NAME=VALUE...` runs each step in order, each in its
# own subshell, with the named values as shell variables; the first step that fails stops the rest.
# VERSION tells the engine when a step changed; the host runs whatever its bundle holds.
steps=()
for arg; do
    case $arg in
    [A-Z]*=*)
        name=${arg%%=*}
        [[ $name =~ ^[A-Z][A-Z0-9_]*$ ]] || fail "bad value name '$name'"
        printf -v "$name" '%s' "${arg#*=}"
        ;;
    [a-z]*@*) steps+=("${arg%@*}") ;;
    *) fail "unknown argument '$arg' (STEP@VERSION or NAME=VALUE)" ;;
    esac
done
[ ${#steps[@]} -gt 0 ] || fail "no step given"
for step in "${steps[@]}"; do
    declare -F "kuscia_step_${step//-/_}" >/dev/null || fail "no step '$step' in $0: the host's copy of the steps is older than this library"
    "kuscia_step_${step//-/_}"
done
