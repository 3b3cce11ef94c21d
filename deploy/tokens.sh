# Secrets and development tokens: sourced by deploy/local/lib.sh and by the
# image's secrets maker (deploy/docker/secrets); needs bash and coreutils.

# A random secret of letters and digits.
cc_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# cc_token_hash TOKEN: "sha256:<hex>", what a tokens file stores for TOKEN
# (libs/auth). printf is a builtin: the token never shows in a command line.
cc_token_hash() {
  local hex
  hex=$(printf '%s' "$1" | sha256sum) || return 1
  echo "sha256:${hex%% *}"
}

# The development principals of people and other systems: role, principal
# id, executor id. Two executors of two bodies, so that one can be seen not
# to read the other's appeals (intake's GetAppeal, tracking's cases). Each
# service has a principal of its own besides (cc_dev_tokens' SERVICE
# arguments).
CC_DEV_PRINCIPALS=(
  "operator operator-dev"
  "supervisor supervisor-dev"
  "system system-dev"
  "executor lg-sev-rva-dev lg-sev-rva"
  "executor lg-oda-housing-dev lg-oda-housing"
  "analyst analyst-dev"
)
# The variable of a principal's token in env, where CC_<ROLE>_TOKEN (the
# first principal of a role) would repeat: by principal id.
declare -gA CC_DEV_TOKEN_VARS=([lg-oda-housing-dev]=CC_OTHER_EXECUTOR_TOKEN)

# cc_dev_token_var ENTRY: the variable that holds ENTRY's token in env:
# CC_<ROLE>_TOKEN, a service's CC_<NAME>_SERVICE_TOKEN, or the name in
# CC_DEV_TOKEN_VARS.
cc_dev_token_var() {
  local role principal
  read -r role principal _ <<<"$1"
  if [ "$role" = service ]; then
    echo "CC_${principal^^}_SERVICE_TOKEN"
  else
    echo "${CC_DEV_TOKEN_VARS[$principal]:-CC_${role^^}_TOKEN}"
  fi
}
# cc_token_var ROLE ID: the same for a role and principal id.
cc_token_var() { cc_dev_token_var "$1 $2"; }

# cc_dev_tokens DIR [SERVICE...]: one development token per principal, and
# one per SERVICE (role service, principal id its name: the services accept
# it only with that service's client certificate), made once. The clear
# tokens are kept for the developer in DIR/env (export CC_OPERATOR_TOKEN=...,
# CC_INTAKE_SERVICE_TOKEN=..., see cc_dev_token_var), the services read only
# their hashes in DIR/tokens; both mode 600. Safe to run again: the tokens
# stay. A tokens file from before hashes (tokens in clear) gives its tokens
# to DIR/env and is rewritten as hashes.
cc_dev_tokens() {
  local dir=$1 entry role principal var token svc
  shift
  local -a principals=("${CC_DEV_PRINCIPALS[@]}")
  for svc in "$@"; do principals+=("service $svc"); done
  local -A tokens=()
  for entry in "${principals[@]}"; do
    read -r role principal _ <<<"$entry"
    var=$(cc_dev_token_var "$entry")
    token=
    [ ! -f "$dir/env" ] || token=$(sed -n "s/^export $var=//p" "$dir/env")
    if [ -z "$token" ] && [ -f "$dir/tokens" ]; then
      token=$(awk -v r="$role" -v p="$principal" \
        '$2 == r && $3 == p && $1 !~ /^(#|sha256:)/ { print $1; exit }' "$dir/tokens")
    fi
    tokens[$var]=${token:-$(cc_secret)}
  done
  (
    umask 077
    {
      echo "# source this file: the development tokens as shell variables."
      for entry in "${principals[@]}"; do
        var=$(cc_dev_token_var "$entry")
        echo "export $var=${tokens[$var]}"
      done
    } >"$dir/env.new"
    {
      echo "# Development tokens' hashes: sha256:<hex> <role> <principal-id> [executor-id]."
      echo "# The tokens themselves are in env, next to this file."
      for entry in "${principals[@]}"; do
        echo "$(cc_token_hash "${tokens[$(cc_dev_token_var "$entry")]}") $entry"
      done
    } >"$dir/tokens.new"
    chmod 600 "$dir/env.new" "$dir/tokens.new"
    mv "$dir/env.new" "$dir/env"
    mv "$dir/tokens.new" "$dir/tokens"
  )
}

# cc_dev_console_users USERS CONSOLE GATEWAY_USERS: the console's development
# users (the gateway's users file USERS), made once: one per role, each
# with a random password, kept for the developer in CONSOLE (mode 600).
# GATEWAY_USERS is the gateway-users program. Keeps an existing USERS.
cc_dev_console_users() {
  local users=$1 console=$2 tool=$3 entry login role executor password
  [ -s "$users" ] && return 0
  (
    umask 077
    rm -f "$users.new"
    : >"$console.new"
    for entry in "operator-dev operator" "supervisor-dev supervisor" "rva-clerk executor lg-sev-rva" "analyst-dev analyst"; do
      read -r login role executor <<<"$entry"
      password=$(cc_secret)
      # shellcheck disable=SC2086  # no executor id: no argument
      printf '%s\n' "$password" | "$tool" --file="$users.new" add "$login" "$role" $executor \
        >/dev/null || exit 1
      echo "$login $password" >>"$console.new"
    done
    mv "$users.new" "$users"
    mv "$console.new" "$console"
  )
}
