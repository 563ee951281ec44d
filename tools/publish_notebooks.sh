#!/usr/bin/env bash
# Commit the reader notebooks to the branch that the Colab links open, and push it to `origin`.
#
# Usage: bash tools/publish_notebooks.sh FOLDER   (FOLDER holds the reader notebooks: _build/notebooks)
# The branch is `reader_notebooks_branch` in _config.yml. Its book/ holds the reader notebooks under the
# same file names as the sources in main's book/, so a launch link differs from a source link only in the
# branch. Each run adds one commit (none when nothing changed) on top of the branch's history.
set -euo pipefail
folder="$(cd "$1" && pwd)"
if [ -n "${GITHUB_WORKSPACE:-}" ]; then  # in a workflow's container the checkout belongs to another user
  git config --global --add safe.directory "$GITHUB_WORKSPACE"
fi
root="$(git rev-parse --show-toplevel)"
branch="$(sed -n 's/^ *reader_notebooks_branch: *\([A-Za-z0-9._\/-]*\).*/\1/p' "$root/_config.yml")"
branch="${branch:-notebooks}"
source_commit="$(git -C "$root" rev-parse --short HEAD)"

work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
if git -C "$root" fetch --quiet origin "$branch" 2>/dev/null; then
  git -C "$root" worktree add --quiet -B "$branch" "$work" FETCH_HEAD
else
  git -C "$root" worktree add --quiet --detach "$work"
  git -C "$work" checkout --quiet --orphan "$branch"
  git -C "$work" rm -rfq .
fi

rm -rf "$work/book"
mkdir -p "$work/book"
cp "$folder"/*.ipynb "$work/book/"
cat > "$work/README.md" <<README
# Reader notebooks

The reader edition of the course book's chapters, for Colab and JupyterLab, written by the publishing
workflow from commit $source_commit of the main branch. Do not edit here: the source notebooks on the main
branch are the one source of truth (see its README, "The reader edition").
README
git -C "$work" add -A
if git -C "$work" diff --cached --quiet; then
  echo "the reader notebooks on $branch are up to date"
else
  git -C "$work" -c user.name="github-actions[bot]" \
    -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
    commit --quiet -m "Reader notebooks from main at $source_commit"
  echo "committed the reader notebooks to $branch"
fi
git -C "$work" push --quiet origin "$branch"
