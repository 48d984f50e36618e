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
PREFIX="bench-$(date +%s)"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

"$ROOT/deploy/cassandra/cassandractl" start >/dev/null
(cd "$ROOT" && mvn -B -q -ntp install -DskipTests && mvn -B -q -ntp -pl session-cluster dependency:build-classpath -Dmdep.outputFile=/tmp/playhead-bench.cp >/dev/null)
CP="$ROOT/session-cluster/target/classes:$(cat /tmp/playhead-bench.cp)"

launched=$(date +%s%N)
java -Xms1g -Xmx1g -Dplayhead.http.port="$PORT" -Dpekko.remote.artery.canonical.port=25590 \
  -DPLAYHEAD_LOG_LEVEL=WARN -cp "$CP" org.playhead.session.Main > /tmp/playhead-bench-node.log 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true' EXIT
until curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/v1/sessions/probe" 2>/dev/null | grep -q 404; do sleep 0.1; done
ready=$(date +%s%N)
echo "node ready (first 404 from a session entity) $(( (ready - launched) / 1000000 )) ms after launch"

first=$(curl -s -o /dev/null -w '%{time_total}' -X POST "localhost:$PORT/v1/sessions" -H 'content-type: application/json' \
  -d "{\"sessionId\":\"$PREFIX-0\",\"accountId\":\"a\",\"profileId\":\"p\",\"titleId\":\"t\",\"device\":{\"deviceId\":\"d\"}}")
echo "first start (cold entity, one journal write) ${first}s"
for i in $(seq 1 "$SESSIONS"); do
  printf '{"sessionId":"%s-%d","accountId":"acc-%d","profileId":"p","titleId":"t","device":{"deviceId":"d"}}\n' "$PREFIX" "$i" "$i"
done | xargs -d '\n' -P 8 -I{} curl -s -o /dev/null -X POST "localhost:$PORT/v1/sessions" -H 'content-type: application/json' -d '{}'
hb=$(curl -s -o /dev/null -w '%{time_total}' -X POST "localhost:$PORT/v1/sessions/$PREFIX-0/heartbeats" -H 'content-type: application/json' -d '{"sn":1,"sta":"p","pt":1000}')
echo "first heartbeat (state change, one journal write) ${hb}s"
hb2=$(curl -s -o /dev/null -w '%{time_total}' -X POST "localhost:$PORT/v1/sessions/$PREFIX-0/heartbeats" -H 'content-type: application/json' -d '{"sn":2,"sta":"p","pt":2000}')
echo "second heartbeat (from memory) ${hb2}s"
echo "wrk: $SESSIONS sessions, $CONNECTIONS connections, 2 threads, $DURATION (warm-up 5s first)"
SESSIONS=$SESSIONS PREFIX=$PREFIX wrk -t2 -c"$CONNECTIONS" -d5s -s "$ROOT/bench/heartbeat.lua" "http://127.0.0.1:$PORT" >/dev/null
SESSIONS=$SESSIONS PREFIX=$PREFIX wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/bench/heartbeat.lua" "http://127.0.0.1:$PORT" | tail -1
