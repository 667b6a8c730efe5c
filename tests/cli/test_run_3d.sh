# A 3D scenario runs from the command line and its counts grow.
set -eu
cat > s3.json <<'JSON'
{"domain": {"size": [30, 30, 30], "dx": 10, "neighbourhood": "moore"},
 "dt": 1, "steps": 50, "seed": 3,
 "cell_types": {"a": {"proliferation": {"rate": 0.05}, "motility": {"rate": 0.1}}},
 "initial": [{"shape": "disc", "type": "a", "centre": [150, 150, 150], "radius": 30, "fill": true}]}
JSON
"$CELLTWIN" run s3.json --out o --quiet
first=$(sed -n 2p o/counts.csv | cut -d, -f3)
last=$(tail -1 o/counts.csv | cut -d, -f3)
[ "$last" -gt "$first" ]
echo ok
