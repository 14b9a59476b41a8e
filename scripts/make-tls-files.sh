#!/usr/bin/env bash
# Writes a throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate it
# signed, plus a "rogue" client certificate from another CA, into DIR. Used for the sandbox's
# mutual TLS (Cielo API Única) by `make run`, the walkthrough and the tests. Nothing here is a
# real credential. Does nothing when DIR already holds them.
# Usage: make-tls-files.sh DIR
set -euo pipefail
dir=$1
[ -f "$dir/client.pem" ] && [ -f "$dir/rogue-client.pem" ] && exit 0
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
q() { openssl "$@" >/dev/null 2>&1; }

ca() {  # name subject
  q req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "$2" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.pem"
}
leaf() {  # name ca subject extensions
  q req -new -newkey rsa:2048 -nodes -subj "$3" -keyout "$tmp/$1.key" -out "$tmp/$1.csr"
  printf '%s\n' "$4" > "$tmp/$1.ext"
  q x509 -req -in "$tmp/$1.csr" -CA "$tmp/$2.pem" -CAkey "$tmp/$2.key" -CAcreateserial \
    -days 3650 -extfile "$tmp/$1.ext" -out "$tmp/$1.pem"
}

ca ca "/CN=cancela sandbox CA"
ca rogue-ca "/CN=not Cielo CA"
leaf server ca "/CN=localhost" "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
leaf client ca "/CN=CAN-CANCELA-SANDBOX-MULESOFT-MTLS/OU=squad-cancelamento/O=Cielo S.A." \
  "extendedKeyUsage=clientAuth"
leaf rogue-client rogue-ca "/CN=rogue client" "extendedKeyUsage=clientAuth"
chmod 600 "$tmp"/*.key
for f in ca.pem ca.key server.pem server.key client.key client.pem rogue-ca.pem rogue-client.key rogue-client.pem; do
  mv "$tmp/$f" "$dir/$f"
done
