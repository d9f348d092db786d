#!/bin/sh
# The image's ENTRYPOINT: the JVM options of MOAT_JAVA_OPTS, then the node's own arguments.
# With no /etc/moat/moat.yaml mounted, the node runs on its embedded defaults (data in
# /var/lib/moat/data). exec, so that the JVM is PID 1 and gets SIGTERM (the node drains, then
# leaves its cluster).
set -eu
if [ "$#" -ge 2 ] && [ "$1" = "--config" ] && [ ! -e "$2" ]; then
  shift 2
fi
# shellcheck disable=SC2086 # MOAT_JAVA_OPTS is a list of words
exec java ${MOAT_JAVA_OPTS:-} -jar /opt/moat/moat-node.jar "$@"
