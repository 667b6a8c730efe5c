# Shared by the figure CLI tests (sourced, not run): checks on image files and error exits.

# true when $1 starts with the PNG signature
png_ok() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }
# true when the greyscale PGM $1 has dark pixels (something was drawn)
has_ink() { tail -c +16 "$1" | od -An -tu1 -v | tr -s ' ' '\n' | awk '$1 != "" && $1 < 128 {n++} END {exit !(n > 0)}'; }
fails_with() { # fails_with STATUS TEXT command...: the command exits STATUS and says TEXT
    want=$1 text=$2
    shift 2
    set +e
    "$@" 2>err.txt
    got=$?
    set -e
    [ "$got" -eq "$want" ] || { echo "exit $got, wanted $want: $*"; cat err.txt; exit 1; }
    grep -qF -- "$text" err.txt || { echo "no \"$text\" in:"; cat err.txt; exit 1; }
}
