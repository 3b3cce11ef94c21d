# Shared by deploy/local/up, deploy/local/down and tests/run. Source it.
# Everything here runs as root on Debian 12; PostgreSQL runs as "postgres".

CC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CC_BUILD_DIR=${CC_BUILD_DIR:-$CC_ROOT/build}
CC_BUILD_TYPE=${CC_BUILD_TYPE:-Release}
PG_BIN=/usr/lib/postgresql/15/bin
CC_SERVICES=(intake routing tracking)

# Debian 12 packages the project builds, runs and tests with.
CC_PACKAGES=(
  build-essential cmake ninja-build pkg-config ca-certificates tzdata
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev grpc-proto
  libabsl-dev libpqxx-dev prometheus-cpp-dev libcpp-httplib-dev
  googletest libgtest-dev libgmock-dev
  postgresql-15 postgresql-client-15
)

cc_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
cc_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

cc_install_packages() {
  local missing=() p
  for p in "${CC_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || cc_die "missing Debian packages (${missing[*]}); run as root to install them"
  cc_log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

cc_build() {
  cc_log "building ($CC_BUILD_TYPE) in $CC_BUILD_DIR"
  cmake -S "$CC_ROOT" -B "$CC_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$CC_BUILD_TYPE" \
    -DCC_WERROR=ON >/dev/null
  cmake --build "$CC_BUILD_DIR" -j2
}

# A random secret of letters and digits.
cc_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# cc_pg_start DIR PORT: a PostgreSQL 15 cluster in DIR/data, its socket in
# DIR/socket, listening on 127.0.0.1:PORT, superuser "postgres" with the
# password kept in DIR/postgres.password. Creates it on first use.
cc_pg_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  chmod 755 "$dir"
  if [ ! -f "$dir/postgres.password" ]; then
    cc_secret > "$dir/postgres.password"
    chmod 600 "$dir/postgres.password"
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    install -d -o postgres -g postgres -m 700 "$dir/data"
    local pwfile
    pwfile=$(runuser -u postgres -- mktemp)
    cat "$dir/postgres.password" > "$pwfile"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" \
      -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
  fi
  install -d -o postgres -g postgres -m 755 "$dir/socket"
  touch "$dir/postgres.log"
  chown postgres:postgres "$dir/postgres.log"
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    return 0
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; cc_die "PostgreSQL did not start (log: $dir/postgres.log)"; }
}

cc_pg_stop() {
  local dir=$1
  [ -f "$dir/data/PG_VERSION" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# cc_pg_admin_dsn DIR PORT
cc_pg_admin_dsn() {
  echo "host=127.0.0.1 port=$2 user=postgres password=$(cat "$1/postgres.password") dbname=postgres"
}

# cc_psql DIR PORT [psql args]: as the superuser, over the socket.
cc_psql() {
  local dir=$1 port=$2
  shift 2
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -d postgres "$@"
}

# cc_pg_service_db DIR PORT NAME PASSWORD: role NAME with its own database
# NAME, which no other role may connect to. Safe to run again.
cc_pg_service_db() {
  local dir=$1 port=$2 name=$3 password=$4
  cc_psql "$dir" "$port" -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
ALTER ROLE :"name" LOGIN PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT ALL ON DATABASE :"name" TO :"name";
SQL
}

# cc_free_port: a TCP port nobody listens on now.
cc_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# --- the local runtime: services as processes, state under .local/ -------

CC_STATE=${CC_STATE:-$CC_ROOT/.local}
CC_PG_PORT=${CC_PG_PORT:-55432}
declare -A CC_GRPC_PORT=([intake]=50051 [routing]=50052 [tracking]=50053)
declare -A CC_METRICS_PORT=([intake]=9101 [routing]=9102 [tracking]=9103)

cc_pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# cc_stop_service NAME: SIGTERM, then up to 20 s to finish calls in flight.
cc_stop_service() {
  local pidfile=$CC_STATE/run/$1.pid i
  cc_pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  kill -TERM "$(cat "$pidfile")"
  for i in $(seq 1 200); do
    cc_pid_alive "$pidfile" || break
    sleep 0.1
  done
  if cc_pid_alive "$pidfile"; then
    cc_log "$1 did not stop in 20 s; killing it"
    kill -KILL "$(cat "$pidfile")" || true
  fi
  rm -f "$pidfile"
}

# cc_start_service NAME VAR=VALUE...: runs build/services/NAME/NAME in the
# background with the given environment, logging to .local/logs/NAME.log.
cc_start_service() {
  local name=$1
  shift
  mkdir -p "$CC_STATE/run" "$CC_STATE/logs"
  setsid env "$@" "$CC_BUILD_DIR/services/$name/$name" \
    >>"$CC_STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$CC_STATE/run/$name.pid"
}

cc_stop_all() {
  local i
  for ((i = ${#CC_SERVICES[@]} - 1; i >= 0; i--)); do cc_stop_service "${CC_SERVICES[$i]}"; done
}
