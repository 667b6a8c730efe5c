#!/usr/bin/env bash
# Runs every test: the C unit/validation binary, then each CLI test script in tests/cli/.
# Prints one final line "N passed, N failed" and exits non-zero on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
export CELLTWIN=${CELLTWIN:-$root/bin/celltwin}
UNIT_TESTS=${UNIT_TESTS:-$root/build/tests/unit_tests}
case "$CELLTWIN" in /*) ;; *) CELLTWIN=$root/$CELLTWIN ;; esac
case "$UNIT_TESTS" in /*) ;; *) UNIT_TESTS=$root/$UNIT_TESTS ;; esac
export CT_ROOT=$root
CT_BUILD=${CT_BUILD:-build}
case "$CT_BUILD" in /*) ;; *) CT_BUILD=$root/$CT_BUILD ;; esac
export CT_BUILD # plugins are in $CT_BUILD/plugins, test plugins in $CT_BUILD/tests/plugins

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run_unit LABEL BINARY [VAR=VALUE...]: runs a unit test binary (with those variables set),
# counting its ok/FAIL lines; LABEL prefixes their names.
run_unit() {
    local label=$1 bin=$2 rc p f
    shift 2
    env "$@" "$bin" | sed "s/^\(ok  \|FAIL\) /\1 $label/" | tee "$log"
    rc=${PIPESTATUS[0]}
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL ${label}unit_tests (exit status $rc, crashed?)"
        failed=$((failed + 1))
    fi
}

run_unit "" "$UNIT_TESTS"
# make test: the unit tests once more, built with AddressSanitizer + UBSan; SANITIZED_ENV holds
# the sanitizer options (VAR=VALUE words) for that binary alone.
if [ -n "${SANITIZED_UNIT_TESTS:-}" ]; then
    case "$SANITIZED_UNIT_TESTS" in /*) ;; *) SANITIZED_UNIT_TESTS=$root/$SANITIZED_UNIT_TESTS ;; esac
    echo "== the unit tests again, under AddressSanitizer + UBSan"
    # shellcheck disable=SC2086
    run_unit "asan:" "$SANITIZED_UNIT_TESTS" ${SANITIZED_ENV:-}
fi

for t in "$here"/cli/test_*.sh; do
    [ -e "$t" ] || continue
    name=$(basename "$t" .sh)
    work=$(mktemp -d)
    if (cd "$work" && bash "$t") >"$work/.log" 2>&1; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        sed 's/^/    /' "$work/.log" | tail -n 30
        failed=$((failed + 1))
    fi
    rm -rf "$work"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
