#!/usr/bin/env bash
# The war of 1941 on the map and in the ledger's Army tab, photographed by the playtest
# tool from a save made in the campaign.
# usage: tests/playtest/war-front.sh OUT_DIR STEPS [UNTIL] [SIDE] [SEED]
#   STEPS: tests/playtest/war-front.steps or war-end.steps (F9 loads the save this
#   script puts in place); UNTIL: the save's day (1941-09-20 by default); SIDE: the
#   side to play (stalinists by default); SEED: the run's seed (2 by default).
#   posture.steps photographs the Army tab's posture breakdown (seed 5, 1941-05-31).
# The save is made here: congress_1934, seed SEED, run headless to UNTIL.
# A fresh HOME keeps this machine's settings out of it: the introduction is marked read
# and decisions and warnings do not stop the clock.
set -euo pipefail
out=$1 steps="$(realpath "$2")" until=${3:-1941-09-20} side=${4:-stalinists} seed=${5:-2}
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${CARGO_TARGET_DIR:-$root/target}/debug/congress-of-victors"
home="$(mktemp -d)"
mkdir -p "$home/.config/congress-of-victors" "$home/.local/share/congress-of-victors/saves"
echo '(first_run_done: true, pause_on_decision: false, pause_on_threats: false, autosave_months: 0)' \
  >"$home/.config/congress-of-victors/settings.ron"
save="$home/war.save"
(cd "$root" && "$bin" simulate --scenario congress_1934 --seed "$seed" --until "$until" --save "$save" >/dev/null)
# The save of a headless run names no side: it is loaded as this side's.
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); s["header"]["side"]=sys.argv[2]; json.dump(s,open(sys.argv[3],"w"))' \
  "$save" "$side" "$home/.local/share/congress-of-victors/saves/quick.save"
cd "$root"
/work/shared/tools/playtest "$out" "$steps" -- \
  env HOME="$home" "$bin" play --scenario congress_1934 --seed "$seed" --side "$side"
