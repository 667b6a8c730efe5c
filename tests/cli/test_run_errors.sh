# Bad input: one clear message naming file and place, non-zero exit, no crash.
set -eu
expect_error() { # expect_error PATTERN command...
    local pattern=$1; shift
    if "$@" 2>err >/dev/null; then echo "succeeded: $*"; exit 1; fi
    grep -q -- "$pattern" err || { echo "message lacks '$pattern':"; cat err; exit 1; }
}
printf '{"domain":{"size":[10,10]},"dt":1,"steps":5,"cell_types":{"a":{"motilty":{"rate":1}}}}' > typo.json
expect_error 'typo.json: /cell_types/a/motilty: unknown key (did you mean "motility"?)' "$CELLTWIN" check typo.json
printf '{"domain":{"size":[10,10]},\n"dt":1,\n"steps":5,,}' > broken.json
expect_error 'broken.json:3:' "$CELLTWIN" check broken.json
printf '\x00\xff\xfe garbage' > binary.json
expect_error 'binary.json: not a JSON text file (NUL byte at offset 0)' "$CELLTWIN" check binary.json
expect_error 'missing.json: cannot open' "$CELLTWIN" run missing.json
expect_error '--threads: expected a whole number' "$CELLTWIN" run typo.json --threads zero
expect_error 'unknown command' "$CELLTWIN" frobnicate
expect_error 'expected PATH=VALUE' "$CELLTWIN" check typo.json --set nonsense
# an output location that cannot be written: a clear error
printf '{"domain":{"size":[10,10]},"dt":1,"steps":5,"cell_types":{"a":{}}}' > ok.json
touch afile
expect_error 'afile' "$CELLTWIN" run ok.json --out afile/sub --quiet
"$CELLTWIN" check ok.json | grep -q 'ok'
# numbers that would make a run never end or go wrong: an explicit field of absurd sub-steps,
# rates whose sum overflows (also through --set)
printf '{"domain":{"size":[50,50]},"dt":1,"steps":5,"fields":{"il2":{"diffusion":1e12}},"cell_types":{"a":{}}}' > fast.json
expect_error 'fast.json: /fields/il2: the explicit solver needs 100000000 or more sub-steps per step' \
    "$CELLTWIN" check fast.json
"$CELLTWIN" check fast.json --set fields.il2.solver=auto | grep -q ': ok'
timeout 60 "$CELLTWIN" run fast.json --set fields.il2.solver=auto --out auto --quiet
printf '{"domain":{"size":[10,10]},"dt":1,"steps":5,"cell_types":{"a":{"motility":{"rate":1e308}}}}' > rates.json
"$CELLTWIN" check rates.json | grep -q ': ok'
expect_error 'rates.json: /cell_types/a: motility 1e+308 + proliferation 1e+308 + death 0 + transition 0 per minute: the sum' \
    "$CELLTWIN" check rates.json --set cell_types.a.proliferation.rate=1e308
echo ok
