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

# The development principals: role, principal id, executor id.
CC_DEV_PRINCIPALS=(
  "operator operator-dev"
  "supervisor supervisor-dev"
  "system system-dev"
  "service contactcenter-services"
  "executor lg-sev-rva-dev lg-sev-rva"
)

# cc_dev_tokens DIR: one development token per role, made once. The clear
# tokens are kept for the developer in DIR/env (export CC_<ROLE>_TOKEN=...),
# the services read only their hashes in DIR/tokens; both mode 600. Safe to
# run again: the tokens stay. A tokens file from before hashes (tokens in
# clear) gives its tokens to DIR/env and is rewritten as hashes.
cc_dev_tokens() {
  local dir=$1 entry role var token
  local -A tokens=()
  for entry in "${CC_DEV_PRINCIPALS[@]}"; do
    read -r role _ <<<"$entry"
    var=CC_${role^^}_TOKEN
    token=
    [ ! -f "$dir/env" ] || token=$(sed -n "s/^export $var=//p" "$dir/env")
    if [ -z "$token" ] && [ -f "$dir/tokens" ]; then
      token=$(awk -v r="$role" '$2 == r && $1 !~ /^(#|sha256:)/ { print $1; exit }' "$dir/tokens")
    fi
    tokens[$role]=${token:-$(cc_secret)}
  done
  (
    umask 077
    {
      echo "# source this file: the development tokens as shell variables."
      for entry in "${CC_DEV_PRINCIPALS[@]}"; do
        read -r role _ <<<"$entry"
        echo "export CC_${role^^}_TOKEN=${tokens[$role]}"
      done
    } >"$dir/env.new"
    {
      echo "# Development tokens' hashes: sha256:<hex> <role> <principal-id> [executor-id]."
      echo "# The tokens themselves are in env, next to this file."
      for entry in "${CC_DEV_PRINCIPALS[@]}"; do
        read -r role _ <<<"$entry"
        echo "$(cc_token_hash "${tokens[$role]}") $entry"
      done
    } >"$dir/tokens.new"
    chmod 600 "$dir/env.new" "$dir/tokens.new"
    mv "$dir/env.new" "$dir/env"
    mv "$dir/tokens.new" "$dir/tokens"
  )
}
