# Shared by deploy/local/up, deploy/local/down and tests/run. Source it.
# Everything here runs as root on Debian 12; PostgreSQL runs as "postgres".

CC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CC_BUILD_DIR=${CC_BUILD_DIR:-$CC_ROOT/build}
CC_BUILD_TYPE=${CC_BUILD_TYPE:-Release}
PG_BIN=/usr/lib/postgresql/15/bin

# Debian 12 packages the project builds, runs and tests with.
CC_PACKAGES=(
  build-essential cmake ninja-build pkg-config ca-certificates tzdata
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev grpc-proto
  libabsl-dev libpqxx-dev prometheus-cpp-dev libcpp-httplib-dev libsodium-dev
  googletest libgtest-dev libgmock-dev libssl-dev
  postgresql-15 postgresql-client-15 prometheus
  python3-yaml
  libcurl4-openssl-dev python3-aiosmtpd
  libhunspell-dev hunspell-uk liblinear-dev
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
  cc_build_in "$CC_BUILD_DIR"
}

# cc_build_in DIR [cmake -D options] [-- cmake --build options]: configures
# (the compiler from $CXX, as CMake does) and builds DIR.
cc_build_in() {
  local dir=$1 configure=() build=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do configure+=("$1"); shift; done
  [ $# -eq 0 ] || { shift; build=("$@"); }
  cc_log "building ($CC_BUILD_TYPE${configure:+ ${configure[*]}}) in $dir"
  cmake -S "$CC_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$CC_BUILD_TYPE" \
    -DCC_WERROR=ON "${configure[@]}" >/dev/null
  cmake --build "$dir" -j2 "${build[@]}"
}

# cc_secret, cc_token_hash, cc_dev_tokens: shared with the image's
# one-shot secrets maker (deploy/docker/secrets).
source "$CC_ROOT/deploy/tokens.sh"

# cc_pg_start DIR PORT TLS_DIR: a PostgreSQL 15 cluster in DIR/data, its
# socket in DIR/socket, listening on 127.0.0.1:PORT with ssl=on and the
# certificate TLS_DIR/postgres.crt (deploy/local/tls-certs), superuser
# "postgres" with the password kept in DIR/postgres.password. Creates it on
# first use. Over TCP every role must use SSL (pg_hba.conf: hostssl, and
# hostnossl reject); without SSL only the superuser, on the local socket.
cc_pg_start() {
  local dir=$1 port=$2 tls=$3
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
  # The server's certificate and key, readable by postgres alone (PostgreSQL
  # refuses a key others can read).
  install -d -o postgres -g postgres -m 700 "$dir/tls"
  install -o postgres -g postgres -m 644 "$tls/postgres.crt" "$dir/tls/server.crt"
  install -o postgres -g postgres -m 600 "$tls/postgres.key" "$dir/tls/server.key"
  cat >"$dir/data/pg_hba.conf" <<'HBA'
# Written by deploy/local/lib.sh (cc_pg_start) at every start.
# TYPE     DATABASE  USER      ADDRESS       METHOD
local      all       postgres                peer
hostnossl  all       all       all           reject
hostssl    all       all       127.0.0.1/32  scram-sha-256
hostssl    replication  postgres  127.0.0.1/32  scram-sha-256
HBA
  chown postgres:postgres "$dir/data/pg_hba.conf"
  chmod 600 "$dir/data/pg_hba.conf"
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # Already running: with SSL, only the rules need reading again; a server
    # started before TLS restarts with it.
    if [ "$(cc_psql "$dir" "$port" -tAc 'SHOW ssl' 2>/dev/null)" = on ]; then
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" reload >/dev/null
      return 0
    fi
    cc_pg_stop "$dir"
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c ssl=on \
        -c ssl_cert_file=$dir/tls/server.crt -c ssl_key_file=$dir/tls/server.key \
        -c ssl_min_protocol_version=TLSv1.2" start >/dev/null \
    || { tail -n 20 "$dir/postgres.log" >&2; cc_die "PostgreSQL did not start (log: $dir/postgres.log)"; }
}

cc_pg_stop() {
  local dir=$1
  [ -f "$dir/data/PG_VERSION" ] || return 0
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

# cc_pg_admin_dsn DIR PORT TLS_DIR: the superuser over TCP, with SSL and the
# server verified against TLS_DIR/ca.crt.
cc_pg_admin_dsn() {
  echo "host=127.0.0.1 port=$2 user=postgres password=$(cat "$1/postgres.password") dbname=postgres sslmode=verify-full sslrootcert=$3/ca.crt"
}

# cc_psql DIR PORT [psql args]: as the superuser, over the socket.
cc_psql() {
  local dir=$1 port=$2
  shift 2
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$port" -d postgres "$@"
}

# cc_pg_service_db DIR PORT NAME PASSWORD: role NAME with its own database
# NAME, which no other role may connect to, and no other database it may
# connect to: PUBLIC (every role) loses CONNECT on postgres and template1,
# which only the superuser needs. Safe to run again.
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
REVOKE ALL ON DATABASE postgres, template1 FROM PUBLIC;
SQL
}

# cc_free_port: a TCP port nobody listens on now.
cc_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# --- the service registry: deploy/services.txt ---------------------------

CC_REGISTRY=${CC_REGISTRY:-$CC_ROOT/deploy/services.txt}

# cc_registry_load FILE: reads the registry (its header explains the
# columns; cmake/ServiceRegistry.cmake reads it by the same rules) into
#   CC_SERVICES            the names, in start order
#   CC_GRPC_PORT[name], CC_METRICS_PORT[name], CC_HTTP_PORT[name]
#                          ports plus CC_PORT_OFFSET (default 0), "" for none
#   CC_SERVICE_DB[name]    yes or no
#   CC_PEERS[name], CC_SERVICE_ENV[name]   space-separated; env keeps {reference}
#   CC_BINARY[name]        the executable, built as services/<name>/<binary>
# On a bad row it says which and returns 1.
cc_registry_load() {
  local file=$1 offset=${CC_PORT_OFFSET:-0} n=0 line name grpc metrics http db peers binary env
  local rest kind value peer
  local -A ports=()
  CC_SERVICES=()
  declare -gA CC_GRPC_PORT=() CC_METRICS_PORT=() CC_HTTP_PORT=() CC_SERVICE_DB=() CC_PEERS=() \
    CC_BINARY=() CC_SERVICE_ENV=()
  [[ $offset =~ ^[0-9]+$ ]] || { echo "CC_PORT_OFFSET=$offset is not a number" >&2; return 1; }
  [ -r "$file" ] || { echo "$file: cannot read the service registry" >&2; return 1; }
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    local where="$file:$n"
    if [[ ! $line =~ ^[A-Za-z0-9_.,:/{}=[:blank:]-]+$ ]]; then
      echo "$where: only letters, digits and _ . , : / { } = - are allowed" >&2
      return 1
    fi
    read -r name grpc metrics http db peers binary env rest <<<"$line"
    if [ -z "$env" ] || [ -n "$rest" ]; then
      echo "$where: $(wc -w <<<"$line") columns, expected 8 (name grpc metrics http db peers binary env)" >&2
      return 1
    fi
    [[ $name =~ ^[a-z][a-z0-9]*$ ]] \
      || { echo "$where: name \"$name\" must be lower-case letters and digits" >&2; return 1; }
    [ -z "${CC_BINARY[$name]:-}" ] || { echo "$where: $name is registered twice" >&2; return 1; }
    for kind in grpc metrics http; do
      value=${!kind}
      if [ "$value" = - ] && [ $kind != metrics ]; then
        printf -v "$kind" '%s' ""
        continue
      fi
      if [[ ! $value =~ ^[1-9][0-9]*$ ]] || [ ${#value} -gt 5 ] || [ "$value" -gt 65535 ]; then
        echo "$where: $kind port \"$value\" is not a port number" >&2
        return 1
      fi
      [ -z "${ports[$value]:-}" ] || { echo "$where: port $value is taken twice" >&2; return 1; }
      ports[$value]=1
      [ $((value + offset)) -le 65535 ] \
        || { echo "$where: $kind port $value + CC_PORT_OFFSET $offset is past 65535" >&2; return 1; }
      printf -v "$kind" '%s' $((value + offset))
    done
    case $db in
      yes | no) ;;
      *) echo "$where: db \"$db\" must be yes or no" >&2; return 1 ;;
    esac
    if [ "$peers" = - ]; then
      peers=
    elif [[ ! $peers =~ ^[a-z0-9]+(,[a-z0-9]+)*$ ]]; then
      echo "$where: peers \"$peers\" must be names separated by commas" >&2
      return 1
    fi
    [[ $binary =~ ^[A-Za-z0-9_]+$ ]] \
      || { echo "$where: binary \"$binary\" is not a target name" >&2; return 1; }
    if [ "$env" = - ]; then
      env=
    elif [[ ! $env =~ ^[A-Z][A-Z0-9_]*=[^,=]*(,[A-Z][A-Z0-9_]*=[^,=]*)*$ ]]; then
      echo "$where: env \"$env\" must be VAR=value separated by commas" >&2
      return 1
    fi
    CC_SERVICES+=("$name")
    CC_GRPC_PORT[$name]=$grpc
    CC_METRICS_PORT[$name]=$metrics
    CC_HTTP_PORT[$name]=$http
    CC_SERVICE_DB[$name]=$db
    CC_PEERS[$name]=${peers//,/ }
    CC_BINARY[$name]=$binary
    CC_SERVICE_ENV[$name]=${env//,/ }
  done <"$file"
  # A peer is followed or called over gRPC, so it must be registered with a port.
  for name in "${CC_SERVICES[@]}"; do
    for peer in ${CC_PEERS[$name]}; do
      if [ "$peer" = "$name" ]; then
        echo "$file: $name lists itself as a peer" >&2
        return 1
      elif [ -z "${CC_BINARY[$peer]:-}" ]; then
        echo "$file: $name's peer $peer is not registered" >&2
        return 1
      elif [ -z "${CC_GRPC_PORT[$peer]}" ]; then
        echo "$file: $name's peer $peer has no gRPC port" >&2
        return 1
      fi
    done
  done
  [ ${#CC_SERVICES[@]} -gt 0 ] || { echo "$file: no service registered" >&2; return 1; }
}

# cc_service_env NAME HOST_OF REFERENCE DSN: the registry's part of NAME's
# environment, one VAR=value a line: its ports, DB_DSN (if it has a
# database and DSN is given), <PEER>_ADDR for each peer at the host that
# HOST_OF (a function) prints for the peer, and its own variables with
# {reference} as REFERENCE.
cc_service_env() {
  local name=$1 host_of=$2 reference=$3 dsn=$4 peer var
  [ -z "${CC_GRPC_PORT[$name]}" ] || echo "GRPC_PORT=${CC_GRPC_PORT[$name]}"
  echo "METRICS_PORT=${CC_METRICS_PORT[$name]}"
  [ -z "${CC_HTTP_PORT[$name]}" ] || echo "HTTP_PORT=${CC_HTTP_PORT[$name]}"
  [ "${CC_SERVICE_DB[$name]}" != yes ] || [ -z "$dsn" ] || echo "DB_DSN=$dsn"
  for peer in ${CC_PEERS[$name]}; do
    echo "${peer^^}_ADDR=$("$host_of" "$peer"):${CC_GRPC_PORT[$peer]}"
  done
  for var in ${CC_SERVICE_ENV[$name]}; do echo "${var//\{reference\}/$reference}"; done
}

# --- the local runtime: services as processes, state under .local/ -------

CC_STATE=${CC_STATE:-$CC_ROOT/.local}
CC_PG_PORT=${CC_PG_PORT:-55432}
# CC_PORT_OFFSET shifts every service's ports, for a second copy on one machine.
cc_registry_load "$CC_REGISTRY" || cc_die "the service registry is broken"

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

# cc_start_service NAME VAR=VALUE...: runs build/services/NAME/<binary> in
# the background with the given environment, logging to .local/logs/NAME.log.
cc_start_service() {
  local name=$1
  shift
  mkdir -p "$CC_STATE/run" "$CC_STATE/logs"
  setsid env "$@" "$CC_BUILD_DIR/services/$name/${CC_BINARY[$name]}" \
    >>"$CC_STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$CC_STATE/run/$name.pid"
}

# cc_wait_ready NAME SECONDS: until NAME's health says SERVING; a service
# without gRPC (a gateway), until its metrics port answers.
cc_wait_ready() {
  local name=$1 seconds=$2 i
  if [ -n "${CC_GRPC_PORT[$name]}" ]; then
    "$CC_BUILD_DIR/libs/server/cc_health_probe" "127.0.0.1:${CC_GRPC_PORT[$name]}" \
      --wait "$seconds" --tls_ca "$CC_STATE/tls/ca.crt" >/dev/null
    return
  fi
  for ((i = 0; i < seconds * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/${CC_METRICS_PORT[$name]}") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# cc_endpoints: the table of every service's addresses that up prints.
cc_endpoints() {
  local svc grpc db
  printf '  %-10s%-18s%-33s%s\n' service gRPC metrics database
  for svc in "${CC_SERVICES[@]}"; do
    grpc=-
    [ -z "${CC_GRPC_PORT[$svc]}" ] || grpc=127.0.0.1:${CC_GRPC_PORT[$svc]}
    db=-
    [ "${CC_SERVICE_DB[$svc]}" != yes ] || db=$svc
    printf '  %-10s%-18s%-33s%s\n' "$svc" "$grpc" \
      "http://127.0.0.1:${CC_METRICS_PORT[$svc]}/metrics" "$db"
  done
  for svc in "${CC_SERVICES[@]}"; do
    [ -z "${CC_HTTP_PORT[$svc]}" ] || printf '  %s on http://127.0.0.1:%s/\n' "$svc" "${CC_HTTP_PORT[$svc]}"
  done
}

# Stops the registered services in reverse start order, then any service
# still running that the registry no longer lists.
cc_stop_all() {
  local i pidfile
  for ((i = ${#CC_SERVICES[@]} - 1; i >= 0; i--)); do cc_stop_service "${CC_SERVICES[$i]}"; done
  for pidfile in "$CC_STATE"/run/*.pid; do
    [ -e "$pidfile" ] || continue
    cc_stop_service "$(basename "$pidfile" .pid)"
  done
}
