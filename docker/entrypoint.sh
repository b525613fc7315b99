#!/bin/sh
# Entry point of the source-fauna image. Airbyte runs connectors in memory-limited containers,
# and Node sizes its heap from the host's memory, not the container's: give V8 three quarters of
# the cgroup limit so a large read is garbage-collected instead of killed by the OOM killer.
# An explicit --max-old-space-size in NODE_OPTIONS wins.
set -eu

memory_limit_bytes() {
  # cgroup v2 first, then v1; SOURCE_FAUNA_CGROUP_MEMORY_FILE lets a test point at a fake file.
  for file in ${SOURCE_FAUNA_CGROUP_MEMORY_FILE:-} /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    if [ -r "$file" ]; then
      cat "$file"
      return
    fi
  done
}

case "${NODE_OPTIONS:-}" in
  *--max-old-space-size*) ;;
  *)
    limit=$(memory_limit_bytes)
    # "max" (v2) or a huge number (v1, about 2^63) mean no limit: keep Node's default.
    case "$limit" in
      '' | max | *[!0-9]*) ;;
      *)
        if [ "${#limit}" -le 15 ]; then
          heap_mib=$((limit / 1048576 * 3 / 4))
          if [ "$heap_mib" -ge 64 ]; then
            export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=$heap_mib"
          fi
        fi
        ;;
    esac
    ;;
esac

exec node "$(dirname "$0")/../bin/source-fauna.js" "$@"
