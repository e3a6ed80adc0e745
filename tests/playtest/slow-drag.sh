#!/usr/bin/env bash
# Runs the game with a slow drag made on its window AT seconds after it starts: the
# playtest tool's own `drag` presses, moves and releases within one frame, which the
# window takes for a click. Pressed, then moved in steps with time for frames between.
# usage (as the playtest tool's command): tests/playtest/slow-drag.sh AT X1 Y1 X2 Y2 -- GAME [ARGS...]
set -eu
at=$1 x1=$2 y1=$3 x2=$4 y2=$5
shift 5
[ "${1:-}" = "--" ] && shift
(
  sleep "$at"
  xdotool mousemove "$x1" "$y1"
  sleep 1
  xdotool mousedown 1
  sleep 1
  for i in 1 2 3 4 5 6 7 8; do
    xdotool mousemove $((x1 + (x2 - x1) * i / 8)) $((y1 + (y2 - y1) * i / 8))
    sleep 0.5
  done
  sleep 1
  xdotool mouseup 1
) &
exec "$@"
