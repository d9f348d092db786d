# helm test: every member answers /health/ready with 200, and a test message gets 250 through
# the SMTP Service. Plain bash (/dev/tcp), so it runs in the node's own image.
# MEMBERS: "host:port ..." of the admin ports; SMTP: host:port; RECIPIENT: an address Moat takes.
set -u
for member in $MEMBERS; do
  exec 3<>"/dev/tcp/${member%:*}/${member##*:}" || { echo "$member: cannot connect"; exit 1; }
  printf 'GET /health/ready HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "${member%:*}" >&3
  read -r status <&3
  exec 3<&-
  case "$status" in
    *" 200 "*) echo "$member ready" ;;
    *) echo "$member not ready: $status"; exit 1 ;;
  esac
done
exec 4<>"/dev/tcp/${SMTP%:*}/${SMTP##*:}" || { echo "$SMTP: cannot connect"; exit 1; }
# Reads one reply (all its lines) and fails unless its code starts with $1.
reply() {
  local line
  while read -r line <&4; do
    echo "< ${line%$'\r'}"
    case "$line" in
      "$1"??" "*) return 0 ;;
      "$1"??-*) ;;
      *) echo "expected $1xx"; exit 1 ;;
    esac
  done
  echo "the connection closed"; exit 1
}
say() { echo "> $1"; printf '%s\r\n' "$1" >&4; }
reply 2
say "EHLO helm-test.invalid"; reply 2
say "MAIL FROM:<>"; reply 2
say "RCPT TO:<$RECIPIENT>"; reply 2
say "DATA"; reply 3
say "Subject: helm test of the Moat release"; say ""; say "Sent by helm test; nothing to do."; say "."
reply 2
say "QUIT"; reply 2
echo "a test message got 250 through $SMTP"
