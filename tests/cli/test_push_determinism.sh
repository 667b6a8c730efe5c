# The pushing tumour example: `celltwin check` accepts it, and 1, 2 and 4 threads give byte-identical
# counts.csv and snapshots (pushes are resolved serially in key order, so threads cannot matter).
set -eu
s="$CT_ROOT/scenarios/pushing_tumour.json"
"$CELLTWIN" check "$s" >/dev/null
for t in 1 2 4; do
    "$CELLTWIN" run "$s" --out "t$t" --steps 300 --threads "$t" --quiet
done
for t in 2 4; do
    cmp t1/counts.csv "t$t/counts.csv"
    diff -r t1/snapshots "t$t/snapshots"
done
# the pushing tumour outgrows the contact-inhibited one (4 times the cells at step 300)
awk -F, 'END { if (!($3 > 2 * $4)) { print "pushing " $3 " vs inhibited " $4; exit 1 } }' t1/counts.csv
echo ok
