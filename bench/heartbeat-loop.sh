#!/usr/bin/env bash
# A quick local heartbeat loop: starts a node (with the project's Cassandra), measures its start
# time, starts N sessions, then drives JSON heartbeats at them with wrk (Debian's wrk, installed
# with apt if missing). Figures go to stdout; copy them into bench/RESULTS.md.
# The full benchmark suite (issue 8) supersedes this.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SESSIONS="${SESSIONS:-1000}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-8089}"
REMOTE_PORT="${REMOTE_PORT:-25590}"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-8598}"
PREFIX="bench-$(date +%s)"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

"$ROOT/deploy/cassandra/cassandractl" start >/dev/null
# The node's classpath from a reactor build (never `mvn install`: the shared ~/.m2 is other
# worktrees' too). BENCH_CLASSPATH runs another build instead, e.g. a saved copy of the code before
# a change, so before and after can be measured back to back.
if [[ -n "${BENCH_CLASSPATH:-}" ]]; then
  CP="$BENCH_CLASSPATH"
else
  (cd "$ROOT" && mvn -B -q -ntp -pl session-cluster -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=/tmp/playhead-bench.cp >/dev/null)
  CP="$ROOT/session-cluster/target/classes:$(cat /tmp/playhead-bench.cp)"
fi

# One player (account, profile, device) drives every session: a bench plan lifts the stream cap
# and the start rate limits, so the figures measure the heartbeat path, not admission refusals.
KEYS="$ROOT/.playhead/dev-keys.json"
mkdir -p "$(dirname "$KEYS")"
TOKEN=$(java -cp "$CP" org.playhead.session.security.MintTokenCommand --role player --account bench-acc \
  --profile bench-profile --device bench-device --ttl 2h --keys-file "$KEYS")
export TOKEN
BENCH_PLAN=(-Dplayhead.accounts.default-plan=bench
  -Dplayhead.accounts.plans.bench.max-streams=1000000 -Dplayhead.accounts.plans.bench.max-devices=10
  -Dplayhead.rate-limits.starts.per-account.burst=100000 -Dplayhead.rate-limits.starts.per-account.per-minute=1000000
  -Dplayhead.rate-limits.starts.per-device.burst=100000 -Dplayhead.rate-limits.starts.per-device.per-minute=1000000)

launched=$(date +%s%N)
java -Xms1g -Xmx1g -Dplayhead.http.port="$PORT" -Dpekko.remote.artery.canonical.port="$REMOTE_PORT" \
  -Dpekko.management.http.port="$MANAGEMENT_PORT" \
  -Dplayhead.security.dev-keys-file="$KEYS" "${BENCH_PLAN[@]}" \
  -DPLAYHEAD_LOG_LEVEL=WARN ${BENCH_JAVA_OPTS:-} -cp "$CP" org.playhead.session.Main > /tmp/playhead-bench-node.log 2>&1 &
NODE=$!
trap '[ -n "${KEEP_NODE:-}" ] || kill $NODE 2>/dev/null || true' EXIT
until curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "localhost:$PORT/v1/sessions/probe" 2>/dev/null | grep -q 404; do sleep 0.1; done
ready=$(date +%s%N)
echo "node ready (first 404 from a session entity) $(( (ready - launched) / 1000000 )) ms after launch"

first=$(curl -s -o /dev/null -w '%{time_total}' -X POST "localhost:$PORT/v1/sessions" -H 'content-type: application/json' \
  -H "Authorization: Bearer $TOKEN" -d "{\"sessionId\":\"$PREFIX-0\",\"titleId\":\"t\"}")
echo "first start (cold entity, one journal write) ${first}s"
for i in $(seq 1 "$SESSIONS"); do
  printf '{"sessionId":"%s-%d","titleId":"t"}\n' "$PREFIX" "$i"
done | xargs -d '\n' -P 8 -I{} curl -s -o /dev/null -X POST "localhost:$PORT/v1/sessions" -H 'content-type: application/json' \
  -H "Authorization: Bearer $TOKEN" -d '{}'
hb=$(curl -s -o /dev/null -w '%{time_total}' -X POST "localhost:$PORT/v1/sessions/$PREFIX-0/heartbeats" -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" -d '{"sn":1,"sta":"p","pt":1000}')
echo "first heartbeat (state change, one journal write) ${hb}s"
hb2=$(curl -s -o /dev/null -w '%{time_total}' -X POST "localhost:$PORT/v1/sessions/$PREFIX-0/heartbeats" -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" -d '{"sn":2,"sta":"p","pt":2000}')
echo "second heartbeat (from memory) ${hb2}s"
echo "wrk: $SESSIONS sessions, $CONNECTIONS connections, 2 threads, $DURATION (warm-up 5s first)"
SESSIONS=$SESSIONS PREFIX=$PREFIX wrk -t2 -c"$CONNECTIONS" -d5s -s "$ROOT/bench/heartbeat.lua" "http://127.0.0.1:$PORT" >/dev/null
# The node's CPU time (user + system, from /proc) over the measured run, per heartbeat: on a
# machine shared with other work the rate swings with the load, the CPU cost per heartbeat much less.
node_cpu_ticks() { awk '{print $14 + $15}' "/proc/$NODE/stat"; }
cpu_before=$(node_cpu_ticks)
SESSIONS=$SESSIONS PREFIX=$PREFIX wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/bench/heartbeat.lua" "http://127.0.0.1:$PORT" | tail -2 | tee /tmp/playhead-bench-wrk.txt
cpu_after=$(node_cpu_ticks)
requests=$(sed -n 's/^requests \([0-9]*\),.*/\1/p' /tmp/playhead-bench-wrk.txt)
echo "node CPU per heartbeat: $(( (cpu_after - cpu_before) * 1000000 / $(getconf CLK_TCK) / requests )) us ($(( (cpu_after - cpu_before) / $(getconf CLK_TCK) )) s of CPU for $requests heartbeats)"
