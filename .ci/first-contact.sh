#!/usr/bin/env bash
# First contact, as a new user makes it: a fresh clone of this commit (no node_modules, nothing
# generated), the README's install and start commands, /ready, one real query through the gateway,
# then everything stopped by its process group. Runs before anything else in CI has generated code.
# Throwaway databases and a Redis of its own keep it apart from the machine's data; both go at the end.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
suffix="fc$$"
domains=(users products inventory orders payments shipping notifications)
start_pid=""
redis_pid=""

cleanup() {
  if [[ -n "$start_pid" ]] && kill -0 "$start_pid" 2>/dev/null; then
    kill -TERM -- "-$start_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$start_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$start_pid" 2>/dev/null || true
  fi
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null || true
  for domain in "${domains[@]}"; do
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS shop_${suffix}_${domain} WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

git clone --quiet "$repo" "$work/shop"
git -C "$work/shop" checkout --quiet "$(git -C "$repo" rev-parse HEAD)"
cd "$work/shop"

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
redis_pid=$!
export REDIS_URL="redis://127.0.0.1:${redis_port}"
export GATEWAY_PORT="$(free_port)" METRICS_PORT="$(free_port)"
for domain in "${domains[@]}"; do
  upper="${domain^^}"
  port="$(free_port)"
  export "${upper}_PORT=${port}" "${upper}_URL=http://127.0.0.1:${port}/graphql"
  export "${upper}_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shop_${suffix}_${domain}"
done

echo "== first contact: npm install (fresh clone in $work/shop)"
npm install --no-audit --no-fund --loglevel=error

echo "== first contact: npm start"
setsid npm start >"$work/start.log" 2>&1 &
start_pid=$!

ready=""
for _ in $(seq 1 240); do
  if ! kill -0 "$start_pid" 2>/dev/null; then break; fi
  if curl -fsS "http://127.0.0.1:${GATEWAY_PORT}/ready" 2>/dev/null | grep -q '"status":"ready"'; then ready=yes; break; fi
  sleep 1
done
if [[ -z "$ready" ]]; then
  echo "npm start did not become ready; its output:" >&2
  tail -n 80 "$work/start.log" >&2
  exit 1
fi

answer="$(curl -fsS "http://127.0.0.1:${GATEWAY_PORT}/graphql" -H 'content-type: application/json' \
  --data '{"query":"{ categories { slug } products(first: 3) { totalCount edges { node { name inStock } } } }"}')"
echo "$answer" | node -e '
  const answer = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const products = answer.data && answer.data.products;
  if (answer.errors || !products || products.totalCount < 30 || products.edges.length !== 3) {
    console.error("unexpected answer: " + JSON.stringify(answer)); process.exit(1);
  }
  console.log(`first contact: ${answer.data.categories.length} categories, ${products.totalCount} products, e.g. ${products.edges[0].node.name}`);'

kill -TERM -- "-$start_pid"
for _ in $(seq 1 30); do kill -0 "$start_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$start_pid" 2>/dev/null; then echo "npm start did not stop on SIGTERM" >&2; exit 1; fi
echo "== first contact: passed"
