# Sourced by ./mvnw. The project compiles for Java 21, and some machines put an older JDK first on
# PATH (this one: 17) with a newer one installed beside it. When neither JAVA_HOME nor PATH offers a
# JDK 21+, pick the newest JDK 21+ found in the usual install folders, so that `./mvnw verify` works
# without flags. An explicit JAVA_HOME of 21+ always wins.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}
accounts_select_jdk() {
  current="${JAVA_HOME:+$JAVA_HOME/bin/java}"
  [ -n "$current" ] || current="$(command -v java 2>/dev/null || true)"
  if [ -n "$current" ] && [ "$(java_major "$current" || echo 0)" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best="" best_major=0
  for home in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    major="$(java_major "$home/bin/java" || echo 0)"
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home" best_major="$major"
    fi
  done
  if [ -n "$best" ]; then
    JAVA_HOME="$best"
    export JAVA_HOME
    [ "${MVNW_VERBOSE-}" != true ] || echo "mvnw: using JDK $best_major at $JAVA_HOME" >&2
  else
    echo "mvnw: no JDK 21 or newer found; set JAVA_HOME to one" >&2
  fi
}
accounts_select_jdk
