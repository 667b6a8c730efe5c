# Sourced by the CLI tests of exports, which check outputs with Python: sets PY to the Debian
# python3 that has python3-numpy, python3-pandas and python3-vtk9 (scripts/install-deps.sh
# installs them), and exits with a clear message when the modules named in $PY_MODULES cannot be
# imported.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
export PYTHONPATH="$CT_ROOT/docs/examples${PYTHONPATH:+:$PYTHONPATH}"
if ! "$PY" -c "import ${PY_MODULES:-numpy}" 2>/dev/null; then
    echo "SKIP: $PY cannot import ${PY_MODULES:-numpy} (run scripts/install-deps.sh as root)"
    exit 0
fi

# run_scenario NAME OUT STEPS [celltwin run options]: runs scenarios/NAME.json for STEPS steps.
run_scenario() {
    local name=$1 out=$2 steps=$3
    shift 3
    "$CELLTWIN" run "$CT_ROOT/scenarios/$name.json" --out "$out" --steps "$steps" --quiet "$@"
}
