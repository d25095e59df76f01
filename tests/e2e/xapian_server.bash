# Starting Xapian's servers (xapian-tcpsrv, xapian-replicate-server) for a
# test, on 127.0.0.1.

# Starts PROGRAM --interface 127.0.0.1 --port PORT ARGS... on a free port,
# in a session of its own (a stopped xapian-tcpsrv signals its whole
# process group: the test runner's, else), its process id in PIDFILE; sets
# PORT once it answers.  Usage: start_xapian_server PIDFILE PROGRAM ARGS...
start_xapian_server() {
    local pidfile=$1 program=$2
    shift 2
    for _ in 1 2 3 4 5; do
        PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        setsid -f sh -c 'echo $$ > "$1"; program=$2 port=$3; shift 3; exec "$program" --interface 127.0.0.1 --port "$port" "$@" > /dev/null 2>&1' \
            sh "$pidfile" "$program" "$PORT" "$@" 3>&-
        for _ in $(seq 50); do
            if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$PORT" 2> /dev/null; then
                return 0
            fi
            sleep 0.1
        done
        kill -KILL -- "-$(cat "$pidfile")" 2>/dev/null || true
    done
    echo "$program did not start" >&2
    return 1
}
