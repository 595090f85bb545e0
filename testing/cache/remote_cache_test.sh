#!/usr/bin/env bash
# Proves that two clones of the project in different folders share a remote
# cache: the toolchains and rules produce the same action keys wherever the
# tree lives (no absolute paths, timestamps or host names in the actions).
#
#   1. Starts Debian's nginx on a loopback port as an HTTP cache (WebDAV PUT,
#      as Bazel's --remote_cache=http://... needs); installs the package
#      "nginx" with apt-get when it is missing and the test runs as root.
#   2. Clones the commit checked out in the work tree (git HEAD; uncommitted
#      changes are not part of it) twice, into folders of different names and
#      depths, each built by its own Bazel server with its own
#      --output_user_root, so no local state is shared; --nohome_rc keeps a
#      disk cache from ~/.bazelrc out (Bazel counts disk-cache hits as
#      remote-cache hits, which would hide a miss).
#   3. In each clone: ./bazelw build --config=remote_cache //..., then
#      ./bazelw test of the conformance suites (one emulator test per
#      machine); the second clone logs its spawns (--execution_log_json_file).
#   4. Asserts that every spawn of the second clone was a remote-cache hit:
#      compiles and links of the cross-compiled images, the emulator tests'
#      actions, everything. A miss is printed with its target and mnemonic.
#
# Tagged "manual" (it builds the tree twice: several minutes), "local" (it
# runs Bazel, git and nginx) and "exclusive"; .ci/run runs it after the main
# suites. VCPU_CACHE_TEST_TARGETS overrides the tests run in step 3.
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

test_targets="${VCPU_CACHE_TEST_TARGETS:-//testing/conformance/...}"
workspace_file="$(readlink -f "${TEST_SRCDIR}/${TEST_WORKSPACE}/WORKSPACE")"
src="$(dirname "$workspace_file")"
head="$(git -C "$src" rev-parse HEAD)"
if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
    echo "cache test: the work tree has uncommitted changes; testing the commit $head"
fi

work="$(mktemp -d /tmp/vcpu-remote-cache.XXXXXX)"
nginx_pid=""
bazel_roots=()
cleanup() {
    local root
    for root in "${bazel_roots[@]}"; do
        [ -d "$root" ] && (cd "$work" && env -i PATH="$PATH" HOME="$work/home" \
            bazel --nohome_rc --output_user_root="$root" shutdown >/dev/null 2>&1) || true
    done
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/home"
seconds() { date +%s; }
start_all="$(seconds)"

# --- 1. nginx as an HTTP cache ------------------------------------------------
nginx=/usr/sbin/nginx
if [ ! -x "$nginx" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "cache test: $nginx not found; as root: apt-get install nginx" >&2
        exit 1
    fi
    echo "cache test: installing the Debian package nginx"
    # RUNLEVEL=1: the package's scripts must not start the system's nginx.
    if ! RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >"$work/apt.log" 2>&1; then
        apt-get update -qq >>"$work/apt.log" 2>&1 || true
        if ! RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >>"$work/apt.log" 2>&1; then
            cat "$work/apt.log" >&2
            echo "cache test: apt-get install nginx failed" >&2
            exit 1
        fi
    fi
fi
if ! "$nginx" -V 2>&1 | grep -q -- --with-http_dav_module; then
    echo "cache test: $nginx has no WebDAV module (http_dav_module)" >&2
    exit 1
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cache_url="http://127.0.0.1:$port"
mkdir -p "$work/nginx" "$work/cache"
# "user": the workers write into $work, which only its owner may enter.
cat >"$work/nginx/nginx.conf" <<EOF
user $(id -un);
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 256; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    client_max_body_size 0;
    server {
        listen 127.0.0.1:$port;
        root $work/cache;
        location / {
            dav_methods PUT DELETE;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
        }
    }
}
EOF
"$nginx" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" \
    -g 'daemon off;' &
nginx_pid=$!

# The cache answers: a PUT, then a GET of the same object.
python3 - "$cache_url" <<'EOF'
import sys, time, urllib.request
url = sys.argv[1] + "/cas/probe"
for attempt in range(50):
    try:
        urllib.request.urlopen(urllib.request.Request(url, data=b"probe", method="PUT"), timeout=2)
        break
    except OSError:
        time.sleep(0.2)
else:
    sys.exit("cache test: nginx does not accept PUT at " + url)
if urllib.request.urlopen(url, timeout=2).read() != b"probe":
    sys.exit("cache test: nginx does not return what was PUT")
EOF
echo "cache test: nginx WebDAV cache at $cache_url"

# --- 2. and 3. two clones -------------------------------------------------------
# build_clone DIR ROOT [SPAWN_LOG]: clones HEAD into DIR, then builds //...
# and tests $test_targets there with the remote cache and the output root
# ROOT; with SPAWN_LOG, logs the spawns of the two commands to SPAWN_LOG.build
# and SPAWN_LOG.test.
build_clone() {
    local dir="$1" root="$2" spawn_log="${3:-}" log="$1.log" start
    start="$(seconds)"
    mkdir -p "$(dirname "$dir")"
    git clone --quiet --no-checkout "$src" "$dir"
    git -C "$dir" -c advice.detachedHead=false checkout --quiet "$head"
    # The clone's ./bazelw finds buildifier where it installs it; sharing the
    # work tree's copy avoids a download (its content, not its path, is what
    # the lint test's cache key sees).
    ln -s "$src/toolchains/.cache" "$dir/toolchains/.cache"
    bazel_roots+=("$root")
    local bazel=(env -i PATH="$PATH" HOME="$work/home" USER="${USER:-root}" LANG=C.UTF-8
        VCPU_REMOTE_CACHE="$cache_url" "$dir/bazelw" --nohome_rc --output_user_root="$root")
    local flags=(--config=remote_cache --disk_cache= --color=no --curses=no --show_progress_rate_limit=30)
    local build_log=() test_log=()
    if [ -n "$spawn_log" ]; then
        build_log=(--execution_log_json_file="$spawn_log.build")
        test_log=(--execution_log_json_file="$spawn_log.test")
    fi
    if ! (cd "$dir" && "${bazel[@]}" build "${flags[@]}" "${build_log[@]}" //... &&
        "${bazel[@]}" test "${flags[@]}" "${test_log[@]}" "$test_targets") >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "cache test: the build in $dir failed (log above)" >&2
        exit 1
    fi
    (cd "$dir" && "${bazel[@]}" shutdown) >/dev/null 2>&1 || true
    grep -E '^INFO: [0-9]+ processes|^Executed [0-9]+ out of' "$log" | sed "s|^|cache test: $(basename "$dir"): |"
    echo "cache test: $(basename "$dir") took $(($(seconds) - start)) s"
}

build_clone "$work/first/vcpu" "$work/root-first"
build_clone "$work/second/nested/vcpu-again" "$work/root-second" "$work/second.spawns"

# --- 4. every spawn of the second clone hit the cache ---------------------------
python3 - "$work/second.spawns.build" "$work/second.spawns.test" <<'EOF'
import collections, json, sys

def spawns(path):
    """The execution log is a sequence of JSON objects, one per spawn."""
    text = open(path, encoding="utf-8").read()
    decoder, pos = json.JSONDecoder(), 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            return
        spawn, pos = decoder.raw_decode(text, pos)
        yield spawn

hits, misses = collections.Counter(), []
for spawn in (s for path in sys.argv[1:] for s in spawns(path)):
    mnemonic = spawn.get("mnemonic", "?")
    if spawn.get("remoteCacheHit"):
        hits[mnemonic] += 1
    else:
        misses.append(spawn)
print("cache test: second clone: %d spawns, all from the remote cache: %s" % (
    sum(hits.values()) + len(misses),
    "no" if misses else "yes"))
for mnemonic, count in sorted(hits.items()):
    print("cache test:   %-24s %5d remote-cache hits" % (mnemonic, count))
for spawn in misses:
    print("cache test: MISS %s %s (runner %s, remotable %s, cacheable %s): %s" % (
        spawn.get("mnemonic", "?"), spawn.get("targetLabel", ""),
        spawn.get("runner", "?"), spawn.get("remotable"), spawn.get("cacheable"),
        spawn.get("progressMessage", "")), file=sys.stderr)
if not hits.get("CppLink") or not hits.get("TestRunner"):
    sys.exit("cache test: expected image links and test actions among the hits")
sys.exit(1 if misses else 0)
EOF
echo "cache test: passed in $(($(seconds) - start_all)) s"
