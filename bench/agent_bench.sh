#!/usr/bin/env bash
# `contact show` as a whole process: with the agent holding the key (goal < 30 ms, issue 13) against
# the passphrase path (Argon2id at the default 4 passes x 256 MiB) in the same run.
# Usage: bench/agent_bench.sh [build/coffre] [rounds]   Prints the median and p90 of each, in ms.
set -euo pipefail
COFFRE=$(realpath "${1:-build/coffre}")
ROUNDS=${2:-21}
WORK=$(mktemp -d /tmp/coffre-agent-bench-XXXXXX)
export XDG_RUNTIME_DIR="$WORK/run" XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
trap '"$COFFRE" --vault "$WORK/vault" agent stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
printf 'cerisier marmotte tuba ventilateur 42\n' > "$WORK/pass"
V=(--vault "$WORK/vault" --passphrase-file "$WORK/pass")
"$COFFRE" "${V[@]}" init > /dev/null
"$COFFRE" "${V[@]}" contact add --last-name Dupont --email h.dupont@exemple.fr > /dev/null

time_ms() {  # runs "$@" ROUNDS times, prints "median p90" in ms
  local t=()
  for ((i = 0; i < ROUNDS; i++)); do
    local a b
    a=$(date +%s%N)
    "$@" > /dev/null
    b=$(date +%s%N)
    t+=($(((b - a) / 1000)))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{v[NR]=$1} END {printf "%.1f %.1f\n", v[int((NR+1)/2)]/1000, v[int(NR*0.9+0.5)]/1000}'
}

"$COFFRE" "${V[@]}" unlock > /dev/null
read -r agent_med agent_p90 < <(time_ms "$COFFRE" --vault "$WORK/vault" contact show 1)
read -r pass_med pass_p90 < <(time_ms "$COFFRE" "${V[@]}" --no-agent contact show 1)
read -r help_med help_p90 < <(time_ms "$COFFRE" --version)
echo "rounds=$ROUNDS load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "contact show, agent:       median ${agent_med} ms, p90 ${agent_p90} ms"
echo "contact show, passphrase:  median ${pass_med} ms, p90 ${pass_p90} ms"
echo "coffre --version (process floor): median ${help_med} ms, p90 ${help_p90} ms"
