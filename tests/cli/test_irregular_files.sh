# Files that are not regular (a FIFO that would block for ever, /dev/zero that never ends, a
# directory) and files over their kind's size limit are refused at once, naming the file.
set -eu
expect_error() { # expect_error PATTERN command...
    local pattern=$1; shift
    if timeout 20 "$@" 2>err >/dev/null; then echo "succeeded: $*"; exit 1; fi
    grep -q -- "$pattern" err || { echo "message lacks '$pattern':"; cat err; exit 1; }
}
scenario() { # scenario EXTRA_KEYS: a small scenario with extra top-level keys
    printf '{"domain":{"size":[10,10]},"dt":1,"steps":2,"cell_types":{"a":{}}%s}' "$1"
}
mkfifo fifo.json fifo.csv fifo.so fifo.lua
expect_error 'fifo.json: is a FIFO (named pipe): a scenario must be a regular file' \
    "$CELLTWIN" check fifo.json
scenario ',"script":"/dev/zero"' > zero_script.json
expect_error '/dev/zero: is a character device: a Lua script must be a regular file' \
    "$CELLTWIN" check zero_script.json
scenario ',"script":"fifo.lua"' > fifo_script.json
expect_error 'fifo.lua: is a FIFO' "$CELLTWIN" check fifo_script.json
scenario ',"initial":[{"shape":"csv","file":"fifo.csv"}]' > fifo_csv.json
expect_error 'fifo_csv.json: /initial/0/file: ./fifo.csv: is a FIFO (named pipe): a CSV file' \
    "$CELLTWIN" check fifo_csv.json
scenario ',"initial":[{"shape":"csv","file":"/dev/zero"}]' > zero_csv.json
expect_error '/dev/zero: is a character device' "$CELLTWIN" check zero_csv.json
scenario ',"plugins":[{"path":"fifo.so"}]' > fifo_plugin.json
expect_error 'fifo.so: is a FIFO (named pipe): a plugin must be a regular file' \
    "$CELLTWIN" check fifo_plugin.json
expect_error 'fifo.so: is a FIFO' "$CELLTWIN" plugin info ./fifo.so
mkdir dir.json
expect_error 'dir.json: is a directory' "$CELLTWIN" check dir.json
printf '{"scenario":"fifo.json"}' > sweep.json
expect_error 'fifo.json: is a FIFO' "$CELLTWIN" sweep sweep.json --out sw --quiet
expect_error 'fifo.json: is a FIFO' "$CELLTWIN" sweep fifo.json --out sw2 --quiet
# size limits (sparse files: no disk used)
truncate -s 65M big.json
expect_error 'big.json: 68157440 bytes or more: a scenario may have at most 64 MiB' \
    "$CELLTWIN" check big.json
truncate -s 17M big.lua
scenario ',"script":"big.lua"' > big_script.json
expect_error 'big.lua: 17825792 bytes or more: a Lua script may have at most 16 MiB' \
    "$CELLTWIN" check big_script.json
echo ok
