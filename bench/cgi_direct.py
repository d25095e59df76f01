#!/usr/bin/env python3
"""Times CGIs run directly, as a web server runs them: one process a
request, the environment set, stdout read.  Prints the median wall time of
each over the queries of bench/queries.txt, the median CPU time (user
and system) of its process, and its page faults: under load, when
requests wait for a core, CPU time is what sets the rate, and a process
that starts afresh for each request pays for every page it touches.

    cgi_direct.py QUERIES PASSES NAME=PROGRAM?PARAM&EXTRA [NAME=...]

Every spec's environment comes from this process's (DOSSIER_DB,
OMEGA_CONFIG_FILE, ...); QUERY_STRING is PARAM=<query> followed by EXTRA.
"""
import os
import statistics
import subprocess
import sys
import time
import urllib.parse


def main():
    queries = [q.strip() for q in open(sys.argv[1], encoding="utf-8")
               if q.strip() and not q.startswith("#")]
    passes = int(sys.argv[2])
    for spec in sys.argv[3:]:
        name, rest = spec.split("=", 1)
        program, params = rest.split("?", 1)
        param, _, extra = params.partition("&")
        env = dict(os.environ, REQUEST_METHOD="GET", GATEWAY_INTERFACE="CGI/1.1")
        times, cpu, faults = [], [], []
        for i in range(passes + 1):
            for q in queries:
                env["QUERY_STRING"] = (param + "=" + urllib.parse.quote_plus(q)
                                       + ("&" + extra if extra else ""))
                start = time.perf_counter()
                child = subprocess.Popen([program], env=env,
                                         stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
                _, _, usage = os.wait4(child.pid, 0)
                child.returncode = 0  # reaped above
                if i > 0:  # the first pass warms the page cache
                    times.append(time.perf_counter() - start)
                    cpu.append(usage.ru_utime + usage.ru_stime)
                    faults.append(usage.ru_minflt + usage.ru_majflt)
        print(f"{name}: median {statistics.median(times) * 1000:.2f} ms a request, "
              f"{statistics.median(cpu) * 1000:.2f} ms of CPU, "
              f"{statistics.median(faults):.0f} page faults, over {len(times)} runs")


if __name__ == "__main__":
    main()
