#!/usr/bin/env bash
# Starts lighttpd on 127.0.0.1:PORT serving dossier.cgi over an index.
#   serve.sh BUILD INDEX PORT [--background] [--fastcgi]
# With --background it returns once the server answers, and prints the
# folder holding lighttpd.pid; otherwise it runs in the foreground.  With
# --fastcgi lighttpd runs dossier.cgi as FastCGI processes it keeps,
# rather than a CGI process a request.  DOSSIER_TIME_LIMIT (seconds, default
# 2) goes into the server's configuration, which is where the page takes
# it from.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 index=$2 port=$3
shift 3
mode="" handler=CGI drop=FASTCGI
for arg in "$@"; do
    case "$arg" in
    --background) mode=$arg ;;
    --fastcgi) handler=FASTCGI drop=CGI ;;
    *) echo "serve.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
root=$(mktemp -d "${TMPDIR:-/tmp}/dossier-serve.XXXXXX")
mkdir -p "$root/www"
abs() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }
sed -e "s|@PORT@|$port|g" -e "s|@ROOT@|$root|g" \
    -e "s|@DB@|$(abs "$index")|g" \
    -e "s|@ENTITIES@|$(abs feeds/entities.tsv)|g" \
    -e "s|@CGI@|$(abs "$build/bin/dossier.cgi")|g" \
    -e "s|@TIME_LIMIT@|${DOSSIER_TIME_LIMIT:-2}|g" \
    -e "/^#@$drop-BEGIN@/,/^#@$drop-END@/d" -e "/^#@$handler-/d" \
    searcher/lighttpd.conf.in > "$root/lighttpd.conf"
if [ "$mode" = "--background" ]; then
    lighttpd -f "$root/lighttpd.conf"
    for _ in $(seq 50); do
        curl -s -o /dev/null "http://127.0.0.1:$port/search" && break
        sleep 0.1
    done
    echo "$root"
else
    echo "serve: http://127.0.0.1:$port/search (Ctrl-C to stop)"
    exec lighttpd -D -f "$root/lighttpd.conf"
fi
