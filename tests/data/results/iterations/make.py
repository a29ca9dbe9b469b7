#!/usr/bin/env python3
"""Make the iteration-mode result file of this folder (issue 13): a
realistic n-body run in iteration mode, as versus writes it (jansson's
layout, the arrays of numbers under `iterations` on one line), so that
tests/record/check_record.c can check it is written back byte for byte.

  c         baseline, flat at ~20 ms with one interference spike
  java      warms up: ~10x slow at first (slower than java-int), steady after ~15 iterations; one
            execution settles 8% higher; JIT threads (CPU/wall > 1) early
  java-int  flat and slow (~8x c)
  node      PV: the third execution breaks the protocol at iteration 58

Run: python3 make.py > nbody-iter-20261207T120000Z.json (seeded: the
same bytes every time).
"""
import math
import random
import statistics

rng = random.Random(13)
COUNT = 100
EXECS = 5
START = "2026-12-07T12:00:00Z"


def real(x):
    s = "%.17g" % x
    if "." not in s and "e" not in s:
        s += ".0"
    if "e" in s:
        m, e = s.split("e")
        sign = "-" if e.startswith("-") else ""
        s = m + "e" + sign + e.lstrip("+-").lstrip("0")
    return s


COMPACT = {"iter_ns", "values", "cpu_ns", "memory_bytes"}


def dump(v, ind=0, key=None):
    pad = "  " * (ind + 1)
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = ['%s"%s": %s' % (pad, k, dump(x, ind + 1, k)) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * ind + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        if key in COMPACT and all(not isinstance(x, (dict, list, str)) for x in v):
            return "[" + ", ".join(dump(x) for x in v) + "]"
        return "[\n" + ",\n".join(pad + dump(x, ind + 1) for x in v) + "\n" + "  " * ind + "]"
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return real(v)
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def series(kind, e):
    """Iteration times (ns), start (ns), CPU/wall per iteration, metrics."""
    if kind == "c":
        level = 20.0e6 * (1 + rng.gauss(0, 0.003))
        xs = [level * (1 + rng.gauss(0, 0.008)) for _ in range(COUNT)]
        if e == 2:  # another process ran for a moment
            for i in range(61, 64):
                xs[i] *= 1.6
        return xs, 610000 + rng.randrange(40000), [1.0] * COUNT, {}
    if kind == "java":
        level = 24.0e6 * (1.08 if e == 3 else 1.0) * (1 + rng.gauss(0, 0.004))
        xs, cpu, gc, heap = [], [], [], []
        for i in range(COUNT):
            w = 1 + 8.5 * math.exp(-i / 2.6) + 0.35 * math.exp(-i / 9.0)
            xs.append(level * w * (1 + rng.gauss(0, 0.012)))
            cpu.append(1.0 + 1.6 * math.exp(-i / 6.0))
            gc.append(round(0.25 * rng.randrange(0, 6), 2) if i % 4 == 0 else None)
            heap.append(float(24576 + 512 * (i % 17)))
        return xs, 48000000 + rng.randrange(3000000), cpu, {
            "gc_time": ("ms", gc), "heap": ("KiB", heap)}
    if kind == "java-int":
        level = 162.0e6 * (1 + rng.gauss(0, 0.003))
        xs = [level * (1 + rng.gauss(0, 0.006)) for _ in range(COUNT)]
        xs[0] *= 1.04
        return xs, 41000000 + rng.randrange(2000000), [1.01] * COUNT, {}
    level = 27.0e6 * (1 + rng.gauss(0, 0.004))  # node
    xs = [level * (1 + 3.0 * math.exp(-i / 4.0)) * (1 + rng.gauss(0, 0.01))
          for i in range(COUNT)]
    return xs, 35000000 + rng.randrange(2000000), [1.0 + 0.8 * math.exp(-i / 8.0) for i in range(COUNT)], {}


def summary(v):
    v = sorted(v)
    n = len(v)
    med = statistics.median(v)
    q = statistics.quantiles(v, n=4, method="inclusive")
    iqr = q[2] - q[0]
    return {
        "n": n, "median": float(med), "mean": float(statistics.fmean(v)),
        "stddev": float(statistics.stdev(v)),
        "mad": float(statistics.median([abs(x - med) for x in v])),
        "min": float(v[0]), "max": float(v[-1]), "q1": float(q[0]), "q3": float(q[2]),
        "outliers": sum(1 for x in v if x < q[0] - 1.5 * iqr or x > q[2] + 1.5 * iqr),
        "ci_low": float(v[1]), "ci_high": float(v[-2]),
    }


IMPLS = [
    ("c", "c", "/usr/bin/x86_64-linux-gnu-gcc-12", "x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0", ["/tmp/versus-build/nbody-iter/c/main", "5000"]),
    ("java", "java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "openjdk 17.0.13 2024-10-15", ["/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-cp", "/tmp/versus-build/nbody-iter/java", "nbody", "5000"]),
    ("java-int", "java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "openjdk 17.0.13 2024-10-15", ["/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "-Xint", "-cp", "/tmp/versus-build/nbody-iter/java", "nbody", "5000"]),
    ("node", "javascript", "/usr/bin/node", "v18.20.4", ["/usr/bin/node", "/src/versus/workloads/warmup/nbody/nbody.js", "5000"]),
]


def impl(id_, lang, tpath, tver, argv, base_wall):
    samples, execs, walls = [], [], []
    for e in range(EXECS):
        xs, start, cpu, metrics = series(id_, e)
        ns = [int(round(x)) for x in xs]
        status = "OK"
        violation = None
        if id_ == "node" and e == 2:
            ns = ns[:57]
            status = "PV"
            violation = {"rule": "bad-metric-value", "line": 58, "offset": 740,
                         "message": 'line 58: metric value is not a finite decimal number: "metric gc 1,5 ms"'}
        n = len(ns)
        wall = start + sum(ns) + 1200000 + rng.randrange(300000)
        cum_cpu, cum, mem, cg_cpu = 0.0, 0.0, [], []
        for i in range(n):
            cum_cpu += ns[i] * cpu[i]
            cg_cpu.append(int(start * 1.3 + cum_cpu))
            base = {"c": 1.2e6, "java": 38e6, "java-int": 34e6, "node": 44e6}[id_]
            grow = {"c": 0, "java": 90e3, "java-int": 10e3, "node": 30e3}[id_]
            mem.append(int(base + grow * min(i, 40) + 4096 * (i % 3)))
        if id_ == "c" and e == 4:
            mem[10] = None  # a failed read of the cgroup
        ex = {"round": e + 1, "status": status, "iter_ns": ns,
              "start_ns": start if id_ != "node" else None,
              "metrics": [{"name": k, "unit": u, "values": [None if x is None else float(x) for x in vals[:n]]}
                          for k, (u, vals) in metrics.items()],
              "cgroup": {"cpu_ns": cg_cpu, "memory_bytes": mem},
              "violation": violation}
        execs.append(ex)
        s_cpu = int(start * 1.3 + sum(ns[i] * cpu[i] for i in range(n)))
        peak = max(m for m in mem if m is not None) + 65536
        samples.append({"round": e + 1, "status": status, "exit_code": 0, "signal": 0,
                        "wall_ns": wall, "user_ns": int(s_cpu * 0.97), "sys_ns": int(s_cpu * 0.03),
                        "cpu_ns": s_cpu, "peak_memory_bytes": peak,
                        "memory_source": "cgroup1 memory.max_usage_in_bytes",
                        "max_rss_bytes": peak - 8192})
        if status == "OK":
            walls.append(wall)
    ok = id_ != "node"
    out = {
        "id": id_, "language": lang, "status": "OK" if ok else "PV",
        "reason": None if ok else "execution 3: " + execs[2]["violation"]["message"],
        "source": "/src/versus/workloads/warmup/nbody/" + {"c": "nbody.c", "java": "nbody.java", "java-int": "nbody.java", "node": "nbody.js"}[id_],
        "source_sha256": "%064x" % rng.getrandbits(256),
        "toolchain": {"path": tpath, "version": tver},
        "build": None, "run_argv": argv, "checks": [],
        "output_digest": {"algorithm": "xxh3-128", "value": "%032x" % 0x5eed13},
        "warmup_runs": 0, "stop_reason": "fixed_runs" if ok else "failed",
        "samples": samples,
    }
    if lang in ("c", "java"):
        out["build"] = {"argv": ["/usr/bin/javac" if lang == "java" else tpath, "-O2"], "wall_ns": 812345678,
                        "cached": True, "output_bytes": 16016, "stderr": None}
    if ok:
        out["stats"] = {"wall_ns": summary(walls),
                        "cpu_ns": summary([s["cpu_ns"] for s in samples]),
                        "peak_memory_bytes": summary([s["peak_memory_bytes"] for s in samples])}
        med = statistics.median(walls)
        bw = base_wall or med
        out["ratio"] = {k: {"value": float(v), "ci_low": float(v * 0.97), "ci_high": float(v * 1.03)}
                        for k, v in (("time", med / bw), ("cpu", med / bw), ("memory", 1.0))}
        out["_median"] = med
    else:
        out["stats"] = None
        out["ratio"] = None
    out["iterations"] = {"count": COUNT, "executions": EXECS, "inner": 1, "mode": "versus",
                         "penalty": 15.0, "tolerance": 0.02, "series": execs}
    return out


impls, base = [], None
for spec in IMPLS:
    im = impl(*spec, base)
    if base is None:
        base = im.get("_median")
    im.pop("_median", None)
    impls.append(im)

doc = {
    "schema": 1, "versus_version": "0.1.0", "complete": True,
    "started_at": START, "finished_at": "2026-12-07T12:09:41Z",
    "command": ["versus", "run", "workloads/warmup/nbody.yaml"], "seed": 13,
    "workload": {"id": "nbody-iter", "version": 1, "title": "N-body, in-process iterations",
                 "manifest": "/src/versus/workloads/warmup/nbody.yaml",
                 "manifest_sha256": "%064x" % rng.getrandbits(256), "size": None,
                 "baseline": "c", "reference": "c", "args": ["5000"],
                 "validate": {"mode": "numeric", "abs_tol": 1e-08, "rel_tol": 0.0}},
    "params": {"n": "5000"},
    "measure": {"warmup": 0, "min_runs": 5, "max_runs": 5, "target_ci": 0.01,
                "time_budget_s": 600.0, "fixed_runs": 5},
    "limits": {"wall_s": 120.0, "cpu_s": 100.0, "memory_bytes": 2147483648, "pids": 256,
               "output_bytes": 67108864},
    "host": {"hostname": "bench-02", "kernel": "Linux 6.1.0-28-amd64", "arch": "x86_64",
             "os": "Debian GNU/Linux 12 (bookworm)", "cpu_model": "AMD EPYC", "cpus_online": 2,
             "memory_bytes": 25276194816, "cgroup_mode": "cgroup1", "seccomp": True, "aslr": 2,
             "governor": None, "load_average": [0.25, 0.5, 0.75],
             "fingerprint": "511fb2ec873d181af620db548e579f7bcf5ef1416512a368e580a593cacfa058"},
    "implementations": impls,
}
print(dump(doc))
