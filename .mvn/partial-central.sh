# Sourced by ./mvnw before `quarkus:dev`. Dev mode adds Qute's template debugger (io.quarkus.qute:qute-debug,
# a dev-only dependency of quarkus-qute, which quarkus-mailer needs) at the platform's exact version.
# Some partial copies of Maven Central (this project's CI machine has one) lack qute-debug 3.33.2, and
# Quarkus resolves that artifact outside Maven's dependency management, so no pom setting can redirect
# it. Only when the artifact is neither in the local repository nor in the remote one, this installs the
# nearest earlier release (3.32.1, API-compatible for this debug adapter) under the missing version in
# the local repository, and says so. With a complete Maven Central it does nothing.
accounts_partial_central() {
  case " $* " in *quarkus:dev*) ;; *) return 0 ;; esac
  central="${MVNW_REPOURL:-https://repo.maven.apache.org/maven2}"
  local_repo="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
  wanted=3.33.2 substitute=3.32.1
  dir="$local_repo/io/quarkus/qute/qute-debug"
  [ -f "$dir/$wanted/qute-debug-$wanted.jar" ] && return 0
  command -v curl >/dev/null 2>&1 || return 0
  curl -fsI "$central/io/quarkus/qute/qute-debug/$wanted/qute-debug-$wanted.pom" >/dev/null 2>&1 && return 0
  mkdir -p "$dir/$wanted" || return 0
  if curl -fsS -o "$dir/$wanted/qute-debug-$wanted.jar" \
      "$central/io/quarkus/qute/qute-debug/$substitute/qute-debug-$substitute.jar" &&
     curl -fsS "$central/io/quarkus/qute/qute-debug/$substitute/qute-debug-$substitute.pom" |
       sed "s#<version>$substitute</version>#<version>$wanted</version>#" > "$dir/$wanted/qute-debug-$wanted.pom"; then
    echo "mvnw: io.quarkus.qute:qute-debug:$wanted is missing from $central; installed $substitute in its place for dev mode" >&2
  else
    rm -rf "${dir:?}/$wanted"
  fi
}
accounts_partial_central "$@"
