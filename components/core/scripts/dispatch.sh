# The bundle's entry: `bash BUNDLE STEP@VERSION... NAME=VALUE... [-- ARG...]` runs each step in order,
# each in its own subshell, with the named values as shell variables and the words after `--` in the
# array ARGS; the first step that fails stops the rest.
# VERSION tells the engine when a step changed; the host runs whatever its bundle holds.
steps=()
ARGS=()
while [ $# -gt 0 ]; do
    arg=$1
    shift
    case $arg in
    --)
        ARGS=("$@")
        break
        ;;
    [A-Z]*=*)
        name=${arg%%=*}
        [[ $name =~ ^[A-Z][A-Z0-9_]*$ ]] || fail "bad value name '$name'"
        [ "$name" != ARGS ] || fail "ARGS is set by --"
        printf -v "$name" '%s' "${arg#*=}"
        ;;
    [a-z]*@*) steps+=("${arg%@*}") ;;
    *) fail "unknown argument '$arg' (STEP@VERSION, NAME=VALUE or -- ARG...)" ;;
    esac
done
[ ${#steps[@]} -gt 0 ] || fail "no step given"
for step in "${steps[@]}"; do
    declare -F "kuscia_step_${step//-/_}" >/dev/null || fail "no step '$step' in $0: the host's copy of the steps is older than this library"
    "kuscia_step_${step//-/_}"
done
