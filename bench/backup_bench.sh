#!/usr/bin/env bash
# `coffre backup create` and `backup restore` against `tar c DIR | gpg --symmetric` and
# `gpg -d | tar x` of the same vault folder, in the same run (issue 15's goal: at least as fast).
# Usage: bench/backup_bench.sh [build/coffre] [contacts] [document MiB] [rounds]
# The issue's scale is 1M contacts and 1 GiB of documents; on a shared machine run it smaller and
# report the scale with the ratios. The vault uses the cheapest Argon2id (--weak-kdf) so that one
# key derivation (create opens the vault, restore unlocks the backup) does not hide the data path;
# gpg's own S2K is cheap too. Prints seconds (median of ROUNDS) and sizes.
set -euo pipefail
COFFRE=$(realpath "${1:-build/coffre}")
CONTACTS=${2:-100000}
DOC_MIB=${3:-100}
ROUNDS=${4:-3}
WORK=$(mktemp -d /tmp/coffre-backup-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export XDG_RUNTIME_DIR="$WORK/run" XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state" GNUPGHOME="$WORK/gnupg"
mkdir -m 0700 "$XDG_RUNTIME_DIR" "$GNUPGHOME"
printf 'cerisier marmotte tuba ventilateur 42\n' > "$WORK/pass"
V=(--vault "$WORK/vault" --passphrase-file "$WORK/pass" --no-agent -q)
"$COFFRE" "${V[@]}" init --kdf-ops 1 --kdf-mem-mib 8 --weak-kdf > /dev/null

# The contacts, through the importer.
awk -v n="$CONTACTS" 'BEGIN { print "first_name,last_name,email,phone";
  for (i = 1; i <= n; i++) printf "Prenom%d,Nom%d,p%d@exemple.fr,+3361%07d\n", i, i, i, i }' > "$WORK/contacts.csv"
"$COFFRE" "${V[@]}" import "$WORK/contacts.csv" --basis consent --b2c > /dev/null
# The documents: 1 MiB of random bytes each (incompressible, as scans and PDFs mostly are).
for ((i = 1; i <= DOC_MIB; i++)); do
  head -c 1048576 /dev/urandom > "$WORK/doc$i.bin"
  "$COFFRE" "${V[@]}" doc add "$i" "$WORK/doc$i.bin" > /dev/null
  rm -f "$WORK/doc$i.bin"
done
rm -f "$WORK/contacts.csv"
VAULT_BYTES=$(du -sb "$WORK/vault" | cut -f1)

secs() {  # runs "$@" and prints the wall time in seconds
  local a b
  a=$(date +%s%N)
  "$@" > /dev/null
  b=$(date +%s%N)
  awk -v d=$((b - a)) 'BEGIN { printf "%.3f\n", d / 1e9 }'
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

coffre_create() { rm -f "$WORK/b.coffre"; "$COFFRE" "${V[@]}" backup create "$WORK/b.coffre"; }
gpg_create() {
  rm -f "$WORK/b.tar.gpg"
  tar -C "$WORK" -c vault | gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$WORK/pass" \
    --symmetric --cipher-algo AES256 -o "$WORK/b.tar.gpg"
}
coffre_restore() {
  rm -rf "$WORK/r1"
  "$COFFRE" --passphrase-file "$WORK/pass" -q backup restore "$WORK/b.coffre" --to "$WORK/r1" \
    --ledger "$WORK/vault/erasure-ledger"
}
gpg_restore() {
  rm -rf "$WORK/r2" && mkdir "$WORK/r2"
  gpg --batch --quiet --pinentry-mode loopback --passphrase-file "$WORK/pass" -d "$WORK/b.tar.gpg" | tar -C "$WORK/r2" -x
}

cc=() gc=() cr=() gr=()
for ((r = 0; r < ROUNDS; r++)); do
  cc+=("$(secs coffre_create)")
  gc+=("$(secs gpg_create)")
  cr+=("$(secs coffre_restore)")
  gr+=("$(secs gpg_restore)")
done
CC=$(printf '%s\n' "${cc[@]}" | median) GC=$(printf '%s\n' "${gc[@]}" | median)
CR=$(printf '%s\n' "${cr[@]}" | median) GR=$(printf '%s\n' "${gr[@]}" | median)
echo "scale: $CONTACTS contacts, $DOC_MIB MiB of documents; vault folder $VAULT_BYTES bytes; rounds=$ROUNDS"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
echo "create:  coffre ${CC} s ($(stat -c %s "$WORK/b.coffre") bytes)   tar|gpg ${GC} s ($(stat -c %s "$WORK/b.tar.gpg") bytes)   ratio coffre/gpg $(awk -v a="$CC" -v b="$GC" 'BEGIN{printf "%.2f", a/b}')"
echo "restore: coffre ${CR} s   gpg|tar ${GR} s   ratio coffre/gpg $(awk -v a="$CR" -v b="$GR" 'BEGIN{printf "%.2f", a/b}')"
echo "rounds: create coffre [${cc[*]}] gpg [${gc[*]}]; restore coffre [${cr[*]}] gpg [${gr[*]}]"
