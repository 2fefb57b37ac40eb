#!/bin/sh
# Appends one commit per line of STEPS to refs/heads/main of the bare repository
# REPO with git's plumbing, one process per step, as a shell script recording an
# action would: hash-object, update-index on a private index, write-tree,
# commit-tree, and a compare-and-swap update-ref. Each line of STEPS is
# "STEP FILE_NUMBER PATH" (written by accord-bench, so that both write the same
# files). Extra git options (e.g. `-c core.fsync=all`) come from GIT_BENCH_OPTIONS.
#
# Usage: bench-git-cli.sh REPO STEPS
set -eu
repo=$1 steps=$2
opts=${GIT_BENCH_OPTIONS:-}
export GIT_DIR="$repo" GIT_INDEX_FILE="$repo/bench-index"
export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.org" GIT_AUTHOR_DATE="1700000000 +0000"
export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.org" GIT_COMMITTER_DATE="1700000000 +0000"
git read-tree refs/heads/main
parent=$(git rev-parse refs/heads/main)
while read -r step number path; do
    # shellcheck disable=SC2086 # $opts is a list of options
    blob=$(printf 'id: A-%d\nstatus: amended\nrevision: %d\n' "$number" "$step" | git $opts hash-object -w --stdin)
    git $opts update-index --add --cacheinfo "100644,$blob,$path"
    tree=$(git $opts write-tree)
    commit=$(printf 'Amend A-%d\n\nAccord-Action: amend\nAccord-Step: %d\n' "$number" "$step" | git $opts commit-tree "$tree" -p "$parent")
    git $opts update-ref refs/heads/main "$commit" "$parent"
    parent=$commit
done < "$steps"
rm -f "$GIT_INDEX_FILE"
