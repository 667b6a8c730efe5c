# celltwin import physicell: two PhysiCell sample projects (tests/data/physicell, see its README)
# import, pass check and run; mapped quantities are recomputed here from the XML and CSV with
# python's own parsers; bad inputs are refused with a message naming the file and the place.
set -eu
data=$CT_ROOT/tests/data/physicell
rs=$data/rules_sample/config
vm=$data/virus_macrophage/config

"$CELLTWIN" import physicell "$rs/PhysiCell_settings.xml" --out rules_sample.json >rs.out
"$CELLTWIN" check rules_sample.json
"$CELLTWIN" run rules_sample.json --out rs_run --steps 20 --quiet
[ "$(wc -l <rs_run/counts.csv)" -ge 2 ]

"$CELLTWIN" import physicell "$vm/PhysiCell_settings.xml" --out virus_macrophage.json >vm.out
# the sample places its cells in C++: the scenario says so, and an "initial" section is added
grep -q 'initial cells: none' vm.out
placement='initial=[{"shape":"rect","type":"epithelial cell","min":[0,0],"max":[1000,1000],"count":300},
{"shape":"rect","type":"macrophage","min":[0,0],"max":[1000,1000],"count":50}]'
"$CELLTWIN" check virus_macrophage.json --set "$placement" | grep -q '350 initial cells'
"$CELLTWIN" run virus_macrophage.json --out vm_run --steps 20 --quiet --set "$placement"
[ "$(wc -l <vm_run/counts.csv)" -ge 2 ]

# a rule on cycle entry of a type whose entry phase never ends (rate 0): the division rate at the
# rule's saturation is 1 / (1 / saturation + the other phases' mean durations)
printf 'macrophage,interferon,increases,cycle entry,0.001,0.5,4,0\n' > entry_rule.csv
"$CELLTWIN" import physicell "$vm/PhysiCell_settings.xml" --rules entry_rule.csv --out entry.json >/dev/null
python3 - "$vm" <<'PY'
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1] + "/PhysiCell_settings.xml").getroot()
macrophage = next(d for d in root.iter("cell_definition") if d.get("name") == "macrophage")
rates = [float(r.text) for r in macrophage.iter("rate")]
want = 1 / (1 / 0.001 + sum(1 / r for r in rates[1:]))
rule = json.load(open("entry.json"))["cell_types"]["macrophage"]["rules"][0]
assert rule["behaviour"] == "proliferation" and abs(rule["max"] - want) < 1e-12 * want, (rule, want)
print(f"cycle entry rule saturation: {rule['max']:.6g} divisions/min (source {want:.6g})")
PY

# the same project in 3D: a lattice of three axes, z from z_min
mkdir three_d
cp "$rs/cells.csv" "$rs/cell_rules.csv" three_d/
sed 's/<use_2D>true</<use_2D>false</' "$rs/PhysiCell_settings.xml" > three_d/PhysiCell_settings.xml
"$CELLTWIN" import physicell three_d/PhysiCell_settings.xml --out three_d.json >/dev/null
"$CELLTWIN" check three_d.json | grep -q '3D lattice of 7200 sites, 6 cell types, 52 initial cells'
"$CELLTWIN" run three_d.json --out three_d_run --steps 5 --quiet

# the unmapped features are listed, in the output and in the scenario's notes
for what in '<mechanics> not mapped' '<volume> not mapped' 'persistence time' 'custom_data> not mapped' \
    'pressure decreases cycle entry' 'phagocytosis_rate 0.01 not mapped'; do
    grep -q -- "$what" rs.out || { echo "rules_sample output does not list: $what"; exit 1; }
    grep -q -- "$what" rules_sample.json || { echo "rules_sample notes do not list: $what"; exit 1; }
done
grep -q 'viral_replication_rate' virus_macrophage.json

python3 - "$rs" "$vm" <<'PY'
import json, math, sys, xml.etree.ElementTree as ET
rs_dir, vm_dir = sys.argv[1:3]

def close(what, got, want, tol=1e-9):
    if abs(got - want) > tol * max(1.0, abs(want)):
        sys.exit(f"{what}: imported {got}, source gives {want}")
    print(f"{what}: {got:.6g} (source {want:.6g})")

def variable(root, name):
    return next(v for v in root.iter("variable") if v.get("name") == name)

def definition(root, name):
    return next(d for d in root.iter("cell_definition") if d.get("name") == name)

for cfg, out in ((rs_dir, "rules_sample.json"), (vm_dir, "virus_macrophage.json")):
    root = ET.parse(f"{cfg}/PhysiCell_settings.xml").getroot()
    sc = json.load(open(out))
    # decay length sqrt(D/k) of every decaying substrate
    for v in root.iter("variable"):
        D = float(v.find("physical_parameter_set/diffusion_coefficient").text)
        k = float(v.find("physical_parameter_set/decay_rate").text)
        f = sc["fields"][v.get("name")]
        if k > 0:
            close(f"{out} {v.get('name')} decay length (um)", math.sqrt(f["diffusion"] / f["decay"]), math.sqrt(D / k))
    # the lattice: one site per cell diameter of the first definition's volume
    V = float(root.find("cell_definitions/cell_definition/phenotype/volume/total").text)
    dx = sc["domain"]["dx"]
    close(f"{out} dx (um)", dx, (6 * V / math.pi) ** (1 / 3))
    width = float(root.findtext("domain/x_max")) - float(root.findtext("domain/x_min"))
    close(f"{out} lattice width (sites)", sc["domain"]["size"][0], math.ceil(width / dx))
    close(f"{out} steps", sc["steps"], float(root.findtext("overall/max_time")) / float(root.findtext("overall/dt_phenotype")))

root = ET.parse(f"{rs_dir}/PhysiCell_settings.xml").getroot()
sc = json.load(open("rules_sample.json"))
dx = sc["domain"]["dx"]
# Dirichlet: the value on the enabled faces
oxygen = variable(root, "oxygen")
close("oxygen boundary value", sc["fields"]["oxygen"]["boundary_value"],
      float(oxygen.find("Dirichlet_options/boundary_value[@ID='xmin']").text))
# the flow cytometry cycle: one division per the summed mean phase durations
tumour = definition(root, "malignant epithelial cell")
rates = [float(r.text) for r in tumour.iter("rate")]
close("tumour proliferation rate (1/min)", sc["cell_types"]["malignant epithelial cell"]["proliferation"]["rate"],
      1 / sum(1 / r for r in rates))
deaths = {m.get("name"): float(m.findtext("death_rate")) for m in tumour.iter("model")}
close("tumour death rate (1/min)", sc["cell_types"]["malignant epithelial cell"]["death"]["rate"], sum(deaths.values()))
# a rule: effector T cell, pro-inflammatory factor increases migration speed (half-max, Hill power, saturation)
rule_rows = [line.strip().split(",") for line in open(f"{rs_dir}/cell_rules.csv") if line.strip() and not line.startswith("//")]
row = next(r for r in rule_rows if r[0] == "effector T cell" and r[3] == "migration speed" and r[2] == "increases")
tcell = sc["cell_types"]["effector T cell"]
rule = next(r for r in tcell["rules"] if r["behaviour"] == "motility" and r["signal"] == "field:" + row[1])
close("T cell speed rule half-max", rule["half"], float(row[5]))
close("T cell speed rule Hill power", rule["hill"], float(row[6]))
close("T cell speed rule saturation (hops/min = um/min / dx)", rule["max"], float(row[4]) / dx)
speed = float(definition(root, "effector T cell").findtext("phenotype/motility/speed"))
close("T cell hop rate (1/min)", tcell["motility"]["rate"], speed / dx)
# increases come before decreases on one behaviour, as PhysiCell applies them
behaviours = [(r["behaviour"], r["signal"]) for r in tcell["rules"]]
assert behaviours.index(("motility", "field:pro-inflammatory factor")) < \
       behaviours.index(("motility", "neighbours:malignant epithelial cell")), behaviours

vm_root = ET.parse(f"{vm_dir}/PhysiCell_settings.xml").getroot()
vm = json.load(open("virus_macrophage.json"))
macrophage = definition(vm_root, "macrophage")
assert vm["cell_types"]["macrophage"]["chemotaxis"]["field"] == macrophage.findtext("phenotype/motility/options/chemotaxis/substrate")
close("macrophage hop rate (1/min)", vm["cell_types"]["macrophage"]["motility"]["rate"],
      float(macrophage.findtext("phenotype/motility/speed")) / vm["domain"]["dx"])
PY

# ---- bad inputs: refused, naming the file and the place; an existing output is kept ----
echo '{"kept": true}' > kept.json
expect_refusal() { # expect_refusal PATTERN CONFIG [more import arguments]
    local pattern=$1 config=$2
    shift 2
    if timeout 20 "$CELLTWIN" import physicell "$config" --out kept.json "$@" 2>err >/dev/null; then
        echo "accepted: $config $*"; exit 1
    fi
    grep -q -- "$pattern" err || { echo "message lacks '$pattern':"; cat err; exit 1; }
    grep -q '"kept": true' kept.json || { echo "the existing output was overwritten"; exit 1; }
}
cp "$rs/PhysiCell_settings.xml" good.xml
head -c 3000 good.xml > truncated.xml
expect_refusal 'truncated.xml:[0-9]*: invalid XML' truncated.xml
sed '/<max_time/d' good.xml > no_max_time.xml
expect_refusal 'no_max_time.xml:[0-9]*: /PhysiCell_settings/overall: missing <max_time>' no_max_time.xml
sed '0,/100000.0<\/diffusion_coefficient>/s//-5<\/diffusion_coefficient>/' good.xml > negative.xml
expect_refusal 'negative.xml:[0-9]*: /PhysiCell_settings/microenvironment_setup/variable\[1\]/physical_parameter_set/diffusion_coefficient: expected a number >= 0, got "-5"' negative.xml
sed 's/<use_2D>true/<use_2D>true/; s/<x_max>500/<x_max>-600/' good.xml > inverted.xml
expect_refusal 'x_max: expected more than <x_min>' inverted.xml
echo '<cell_definitions/>' > wrong_root.xml
expect_refusal 'expected the root element <PhysiCell_settings>, got <cell_definitions>' wrong_root.xml

# an external entity is neither fetched nor expanded: the document is refused
echo 'SECRET-CONTENT' > secret.txt
{ echo '<?xml version="1.0"?>'
  echo "<!DOCTYPE PhysiCell_settings [<!ENTITY leak SYSTEM \"file://$PWD/secret.txt\">]>"
  sed '1s/^<PhysiCell_settings[^>]*>/&<!-- &leak; -->/; s/<max_time units="min">7200/<max_time units="min">\&leak;/' good.xml
} > entity.xml
expect_refusal 'entity.xml: a <!DOCTYPE> (DTD, entities) is not accepted' entity.xml
if grep -q SECRET-CONTENT err kept.json; then echo "the entity was expanded"; exit 1; fi

# not a regular file, too large
mkfifo fifo.xml
expect_refusal 'fifo.xml: not a regular file' fifo.xml
truncate -s 17M big.xml
expect_refusal 'big.xml: 17825792 bytes, more than the 16777216 accepted' big.xml

# the command line
if "$CELLTWIN" import sbml good.xml --out x.json 2>err; then echo "accepted sbml"; exit 1; fi
grep -q 'expected the format "physicell", got "sbml"' err
if "$CELLTWIN" import physicell good.xml 2>err; then echo "accepted no --out"; exit 1; fi
grep -q 'needs CONFIG.xml and --out SCENARIO.json' err

# rules files with bad rows, each refused at its line and column
rules_refusal() { # rules_refusal PATTERN ROW
    printf '// a comment\n%s\n' "$2" > bad_rules.csv
    expect_refusal "$1" good.xml --rules bad_rules.csv
}
cp "$rs/cells.csv" cells.csv
rules_refusal 'bad_rules.csv:2: expected 8 comma-separated columns' 'effector T cell,oxygen,increases,migration speed,1,0.5'
rules_refusal 'bad_rules.csv:2: column 3 (direction): expected "increases" or "decreases", got "raises"' \
    'effector T cell,oxygen,raises,migration speed,1,0.5,4,0'
rules_refusal 'bad_rules.csv:2: column 6 (half-max): expected a number > 0, got "0"' \
    'effector T cell,oxygen,increases,migration speed,1,0,4,0'
rules_refusal 'bad_rules.csv:2: column 5 (saturation): expected a number >= 0, got "fast"' \
    'effector T cell,oxygen,increases,migration speed,fast,0.5,4,0'
rules_refusal 'bad_rules.csv:2: column 1 (cell type): no cell definition "B cell"' \
    'B cell,oxygen,increases,migration speed,1,0.5,4,0'
expect_refusal 'missing_rules.csv: cannot open' good.xml --rules missing_rules.csv
expect_refusal 'fifo.xml: not a regular file' good.xml --rules fifo.xml
truncate -s 5M big_rules.csv
expect_refusal 'big_rules.csv: 5242880 bytes, more than the 4194304 accepted' good.xml --rules big_rules.csv
# a cells.csv row naming an unknown type
printf 'x,y,z,type\n0,0,0,B cell\n' > cells.csv
expect_refusal 'cells.csv:2: column 4: no cell definition named or numbered "B cell"' good.xml
# older cells files give the definition's ID
printf 'x,y,z,type\n0,0,0,4\n40,0,0,0\n' > cells.csv
cp "$rs/cell_rules.csv" .
"$CELLTWIN" import physicell good.xml --out by_id.json >/dev/null
python3 -c 'import json,sys; i=json.load(open("by_id.json"))["initial"]; sys.exit(sorted(r["type"] for r in i) != ["effector T cell", "malignant epithelial cell"])'
echo ok
