#!/usr/bin/env bash
# A plot begun in the open, as the reformers' player meets it: the warning that stops
# the clock, and the agenda's answers (tests/playtest/open-plot.steps).
# usage: tests/playtest/open-plot.sh OUT_DIR [BINARY]
#   BINARY: the game (the debug build by default).
# Stages its own save (congress_1934, seed 39: Kirov leads and the old guard begins
# counting votes on 10 February 1934) and loads it as the reformers, with the settings
# the game starts with but for the introduction, marked read.
set -euo pipefail
out=$1
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin=${2:-"${CARGO_TARGET_DIR:-$root/target}/debug/congress-of-victors"}
home="$(mktemp -d)"
saves="$home/.local/share/congress-of-victors/saves"
mkdir -p "$home/.config/congress-of-victors" "$saves"
echo '(first_run_done: true, pause_on_decision: false, autosave_months: 0)' \
  >"$home/.config/congress-of-victors/settings.ron"
(cd "$root" && "$bin" simulate --scenario congress_1934 --seed 39 --until 1934-02-13 \
  --save "$home/staged.save" >/dev/null)
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s["header"]["side"]="reformers"; json.dump(s,open(sys.argv[2],"w"))' \
  "$home/staged.save" "$saves/quick.save"
cd "$root"
/work/shared/tools/playtest "$out" "$root/tests/playtest/open-plot.steps" -- \
  env HOME="$home" "$bin" play --scenario congress_1934 --seed 2 --side reformers
