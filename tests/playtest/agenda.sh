#!/usr/bin/env bash
# The agenda panel as a side's player sees it, photographed by the playtest tool.
# usage: tests/playtest/agenda.sh SIDE OUT_DIR STEPS [SAVE]
#   SIDE: reformers, stalinists or military; STEPS: tests/playtest/agenda-congress.steps,
#   or tests/playtest/agenda-save.steps with SAVE (from `simulate --save`), which F9 loads as that side.
# A fresh HOME keeps this machine's settings out of it: the introduction is marked read
# and decisions and warnings do not stop the clock, so that time runs between shots.
set -euo pipefail
side=$1 out=$2 steps="$(realpath "$3")" save=${4:-}
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${CARGO_TARGET_DIR:-$root/target}/debug/congress-of-victors"
home="$(mktemp -d)"
mkdir -p "$home/.config/congress-of-victors" "$home/.local/share/congress-of-victors/saves"
echo '(first_run_done: true, pause_on_decision: false, pause_on_threats: false, autosave_months: 0)' \
  >"$home/.config/congress-of-victors/settings.ron"
if [ -n "$save" ]; then
  # The save of a headless run names no side: it is loaded as this side's.
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s["header"]["side"]=sys.argv[2]; json.dump(s,open(sys.argv[3],"w"))' \
    "$save" "$side" "$home/.local/share/congress-of-victors/saves/quick.save"
fi
/work/shared/tools/playtest "$out" "$steps" -- \
  env HOME="$home" "$bin" play --scenario congress_1934 --seed 2 --side "$side"
