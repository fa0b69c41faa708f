#!/usr/bin/env python3
"""Lintas chaos run (issue 16): its own Redis and lintasd processes, a bounded load of trafficking
cases over mutual TLS, faults injected while it runs, then a check of what was left behind.

  tests/chaos/chaos.py --build-dir build                  # the short run (ctest chaos.short)
  tests/chaos/chaos.py --build-dir build --long           # 2,000 cases at 100/s, every fault
  tests/chaos/chaos.py --build-dir build --experiments kill-notify,redis-kill --cases 500

Prints the faults as they happen, then one line per invariant (PASS|FAIL|INFO <name>: <numbers>)
and exits 1 on any FAIL, 2 when it cannot run. The late count (> 2 s from submit to inbox) is
reported; it fails the run only with --max-late-seconds. See tests/chaos/README.md.
"""

import argparse
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import checker  # noqa: E402
import cluster as cluster_mod  # noqa: E402
import experiments  # noqa: E402
import load  # noqa: E402

BASELINE_NUMBER = 9998  # its NIK and broker phone are no load case's (cases < 9998)
SHORT = ["kill-routing", "kill-notify", "kill-intake", "kill-front", "kill-webhook",
         "redis-kill", "stop-notify", "redis-refuse", "redis-misconf"]
LONG = ["kill-intake", "kill-routing", "kill-notify", "kill-front", "kill-webhook",
        "redis-shutdown", "redis-kill", "stop-notify", "rewrite-kill", "redis-refuse", "redis-misconf",
        "escalate-kill"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build-dir", help="the CMake build dir (lintasd, lintasctl, "
                   "tests/e2e/python_gen)")
    p.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(HERE)))
    p.add_argument("--long", action="store_true", help="one fresh run per experiment, each "
                   "2,000 cases at 100/s with the fault done --repeat times; prints a table")
    p.add_argument("--repeat", type=int, default=2, help="faults per run with --long")
    p.add_argument("--cases", type=int, help="cases to submit (short: 300, long: 2000)")
    p.add_argument("--rate", type=float, help="cases per second (short: 10, long: 100)")
    p.add_argument("--experiments", help="comma-separated, in order (default: the short or long "
                   "set); 'none' for load only; --list shows them")
    p.add_argument("--list", action="store_true", help="list the experiments and exit")
    p.add_argument("--readers", type=int, default=8, help="GetCase calls in flight (0: none)")
    p.add_argument("--no-subscriber", action="store_true", help="no resuming subscriber")
    p.add_argument("--subscriber-hold", type=float, default=3.0,
                   help="seconds the subscriber keeps each stream before resuming")
    p.add_argument("--seed", type=int, help="random seed (default: time)")
    p.add_argument("--max-late-seconds", type=float,
                   help="FAIL when a case takes longer than this from submit to its last inbox "
                   "entry (default: only reported)")
    p.add_argument("--settle-timeout", type=float, default=90.0,
                   help="seconds to wait, after the load, for the workers to catch up")
    p.add_argument("--keep", action="store_true", help="keep the work dir (logs, AOF)")
    p.add_argument("--sabotage", action="store_true",
                   help="the checker's own test: after the run, remove one case from its "
                   "partition's set and one inbox entry and add a dead letter; exit 0 only if "
                   "exactly the invariants that must see it FAIL")
    args = p.parse_args()
    if args.list:
        for name, what in experiments.EXPERIMENTS.items():
            print(f"{name:16} {what}")
        sys.exit(0)
    if not args.build_dir:
        p.error("--build-dir is required")
    args.cases = args.cases or (2000 if args.long else 300)
    args.rate = args.rate or (100.0 if args.long else 10.0)
    if args.experiments is None:
        args.experiments = LONG if args.long else SHORT
    elif args.experiments == "none":
        args.experiments = []
    else:
        args.experiments = args.experiments.split(",")
    if not 0 < args.cases < BASELINE_NUMBER:
        p.error(f"--cases: 1..{BASELINE_NUMBER - 1} (each case has a NIK of its own)")
    for e in args.experiments:
        if e not in experiments.EXPERIMENTS:
            p.error(f"--experiments: unknown '{e}' (known: {', '.join(experiments.EXPERIMENTS)})")
    return args


def settle(c, subscriber, timeout, not_before=0.0):
    """Waits until nothing is pending or undelivered and the subscriber has the whole inbox; with
    `not_before`, also until then and until no acknowledgement deadline is overdue."""
    r = c.redis.client()
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if time.time() < not_before or checker.overdue_deadlines(r, 16) > 0:
                time.sleep(0.25)
                continue
            pending, lag = checker.group_backlog(r, 16)
            last = r.xrevrange("lintas:{a:polres-malaka}:inbox", count=1)
            caught_up = subscriber is None or not last or subscriber.last() == last[0][0].decode()
            hooks = {f[b"event"].decode() for _, f in r.xrange("lintas:{a:bp3mi-ntt}:inbox")}
            delivered = hooks <= set(c.receiver.received())
            if pending == 0 and lag == 0 and caught_up and delivered:
                return True
        except Exception:  # Redis may be restarting
            pass
        time.sleep(0.25)
    return False


def run_once(args, names, seed):
    """One run on a fresh cluster: (0 pass, 1 fail, 2 cannot run, the checker's summary)."""
    rng = random.Random(seed)
    run = f"{seed}"
    c = cluster_mod.Cluster(os.path.abspath(args.source_dir), os.path.abspath(args.build_dir),
                            keep=args.keep)
    print(f"chaos: seed {seed}, {args.cases} cases at {args.rate}/s, experiments "
          f"{','.join(names) or 'none'}, work dir {c.workdir}", flush=True)
    try:
        c.prepare(deadline_minutes=1 if experiments.escalates(names) else None)
        c.start()
    except Exception as e:  # noqa: BLE001 - any setup failure means the run cannot start
        print(f"chaos: cannot start: {e}", file=sys.stderr)
        c.keep = True
        c.stop()
        return 2, {}
    bp3mi = load.Channels(c, "bp3mi-ntt")
    police = load.Channels(c, "polres-malaka")
    check = checker.Checker(c, bp3mi)
    ok = False
    try:
        # The baseline: one case through a calm system, before any fault.
        base = load.Submitter(bp3mi, f"{run}-baseline", 1, 1.0, threads=1, give_up=30,
                              first=BASELINE_NUMBER)
        base.start()
        base.join()
        if not base.acked:
            print(f"chaos: the baseline case was not acknowledged in 30 s: {base.errors}, "
                  f"last {base.last_error}",
                  file=sys.stderr)
            return 2, {}
        baseline_id = base.acked[0][0]
        # With short deadlines the baseline is what a case looks like after its escalations.
        wait = experiments.ESCALATION_SECONDS + 1 if experiments.escalates(names) else 0
        settle(c, None, 30 + wait, not_before=base.acked[0][2] + wait)
        time.sleep(1.0)
        expected = check.baseline(baseline_id, c.redis.client())
        print(f"chaos: baseline {baseline_id}: {sum(expected['referrals'].values())} referrals, "
              f"{sum(expected['types'].values())} events, inbox entries in "
              f"{len(expected['inbox'])} agencies", flush=True)

        subscriber = None if args.no_subscriber else load.Subscriber(police, args.subscriber_hold)
        submitter = load.Submitter(bp3mi, run, args.cases, args.rate)
        readers = load.Readers(bp3mi, submitter, args.readers) if args.readers else None
        if subscriber:
            subscriber.start()
        submitter.start()
        if readers:
            readers.start()
        began = time.time()
        faults = []
        slot = (args.cases / args.rate) / max(1, len(names))
        if experiments.escalates(names):
            # The faults fall while the load's escalations do, slot by slot.
            time.sleep(experiments.ESCALATION_SECONDS)
        for name in names:
            f = experiments.run(name, c, rng, slot, lambda: submitter.errors)
            faults.append(f)
            print(f"chaos: {f.experiment} {f.target} at +{f.at - began:.1f} s, "
                  f"ready {(f.ready - f.at) if f.ready else float('nan'):.2f} s later", flush=True)
        submitter.join()
        if readers:
            readers.join()
        print(f"chaos: load done in {time.time() - began:.1f} s: {len(submitter.acked)} "
              f"acknowledged, {len(submitter.given_up)} given up, errors {submitter.errors}",
              flush=True)
        last_ack = max((a[2] for a in submitter.acked.values()), default=0.0)
        settled = settle(c, subscriber, args.settle_timeout,
                         not_before=last_ack + experiments.ESCALATION_SECONDS + 1
                         if experiments.escalates(names) else 0.0)
        print(f"chaos: {'settled' if settled else 'NOT settled'} "
              f"{time.time() - began:.1f} s after the load began", flush=True)
        if subscriber:
            subscriber.stop.set()
            subscriber.thread.join(timeout=10)
        if args.sabotage:
            sabotage(c.redis.client(), submitter.acked)
        check.report(not submitter.given_up, "every case acknowledged",
                     f"{len(submitter.acked)} of {args.cases} "
                     f"({len(submitter.given_up)} given up after 120 s of retries)")
        ok = check.check(submitter.acked, [baseline_id], faults, subscriber, readers,
                         args.max_late_seconds)
        if args.sabotage:
            failed = sorted(line.split(":")[0][5:] for line in check.lines
                            if line.startswith("FAIL "))
            ok = failed == SABOTAGED
            print(f"chaos: sabotage {'seen' if ok else 'NOT seen as it should be'}: FAIL lines "
                  f"{failed}, want {SABOTAGED}", flush=True)
    finally:
        bp3mi.close()
        police.close()
        if not ok:
            c.keep = True
            print(f"chaos: logs kept in {c.workdir}", flush=True)
        c.stop()
    print(f"chaos: {'PASS' if ok else 'FAIL'}", flush=True)
    return (0 if ok else 1), check.summary


# What --sabotage does, and the invariants that must fail because of it (and only those).
SABOTAGED = sorted(["acknowledged cases lost", "inbox entries lost", "dead letters"])


def sabotage(r, acked):
    case_id = acked[min(acked)][0]
    r.zrem(f"lintas:{{p{checker.partition_of(case_id)}}}:cases", case_id)
    last = r.xrevrange("lintas:{a:polres-malaka}:inbox", count=1)[0][0]
    r.xdel("lintas:{a:polres-malaka}:inbox", last)
    r.xadd("lintas:dlq:notify", {"source_stream": "sabotage", "source_id": "0-1",
                                 "group": "notify", "error": "chaos --sabotage"})


def table_row(name, code, s):
    rec = s.get("recovery", [])
    ready = ", ".join(f"{r:.1f}" if r is not None else "never" for r, _ in rec) or "-"
    catch = ", ".join(f"{c:.1f}" for _, c in rec) or "-"
    return (f"| {name} | {'PASS' if code == 0 else 'FAIL'} | {s.get('cases', 0):,} | "
            f"{s.get('lost', '?')} | {s.get('duplicated', '?')} | {s.get('late', '?')} | "
            f"{s.get('worst', 0):.1f} | {ready} | {catch} |")


def main():
    args = parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    load.load_stubs(os.path.join(os.path.abspath(args.build_dir), "tests/e2e/python_gen"))
    if not args.long:
        return run_once(args, args.experiments, seed)[0]
    # The long run: a fresh cluster per experiment, each fault done `--repeat` times under the
    # whole load, then one table (docs/reliability.md).
    rows, worst = [], 0
    for n, name in enumerate(dict.fromkeys(args.experiments)):
        code, summary = run_once(args, [name] * args.repeat, seed + n)
        rows.append(table_row(name, code, summary))
        worst = max(worst, code)
    print("\n| experiment | result | cases | lost | duplicated | late > 2 s | worst delay (s) | "
          "ready after the fault (s) | cases around it delivered after (s) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    print("\n".join(rows), flush=True)
    return worst


if __name__ == "__main__":
    sys.exit(main())
