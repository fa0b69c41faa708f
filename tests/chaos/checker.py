"""What a chaos run must leave behind, checked after the load and the faults have stopped: every
case, referral, timeline and inbox entry as a calm run makes them (the baseline case, submitted
and settled before any fault), nothing pending, nothing dead-lettered, the audit chain intact,
every read audited, every process up. One line per invariant: PASS|FAIL|INFO <name>: <numbers>.
"""

import collections
import concurrent.futures
import os
import subprocess
import time

import grpc

import experiments
import load


def partition_of(case_id):
    return case_id.rsplit("-", 1)[1]


def inbox_entries(r, key):
    """[(entry id, fields)] of one inbox stream, oldest first."""
    out, start = [], "-"
    while True:
        page = r.xrange(key, start, "+", count=1000)
        for eid, fields in page:
            out.append((eid.decode(), {k.decode(): v.decode() for k, v in fields.items()}))
        if len(page) < 1000:
            return out
        start = "(" + page[-1][0].decode()


def inboxes(r):
    """agency id -> its inbox entries."""
    out = {}
    for key in r.scan_iter(match="lintas:{a:*}:inbox", count=1000):
        k = key.decode()
        out[k[len("lintas:{a:"):-len("}:inbox")]] = inbox_entries(r, k)
    return out


def group_backlog(r, partitions):
    """(pending entries, lag) summed over every partition stream and consumer group."""
    pending = lag = 0
    for p in range(partitions):
        key = f"lintas:{{p{p:02d}}}:events"
        if not r.exists(key):
            continue
        for g in r.xinfo_groups(key):
            pending += g["pending"]
            lag += g.get("lag") or 0
    return pending, lag


def overdue_deadlines(r, partitions):
    """Acknowledgement deadlines already due and not yet escalated (routing's deadline index)."""
    now_ms = int(time.time() * 1000)
    return sum(r.zcount(f"lintas:{{p{p:02d}}}:deadlines", "-inf", now_ms)
               for p in range(partitions))


class CaseView:
    def __init__(self, case=None, timeline=None, error=None):
        self.error = error
        self.referrals = collections.Counter(
            (x.target_agency, x.purpose) for x in case.referrals) if case else collections.Counter()
        self.events = [(e.event_id, e.type) for e in timeline.events] if timeline else []


def read_case(channels, case_id):
    get = channels.unary("front", "/lintas.v1.CaseStatusService/GetCase",
                         load.intake_pb2.GetCaseRequest, load.case_pb2.Case)
    timeline = channels.unary("front", "/lintas.v1.CaseStatusService/GetTimeline",
                              load.case_status_pb2.GetTimelineRequest,
                              load.case_status_pb2.GetTimelineResponse)
    for attempt in range(5):
        try:
            c = get(load.intake_pb2.GetCaseRequest(case_id=case_id), timeout=10)
            t = timeline(load.case_status_pb2.GetTimelineRequest(case_id=case_id), timeout=10)
            return CaseView(c, t)
        except grpc.RpcError as e:
            if e.code() == grpc.StatusCode.NOT_FOUND or attempt == 4:
                return CaseView(error=f"{e.code().name} {e.details()}")
            time.sleep(0.5)


def audited_reads(r):
    """case id -> GetCase audit entries with outcome OK, for bp3mi-ntt via intake."""
    out = collections.Counter()
    for _, f in inbox_entries(r, "lintas:{audit}"):
        if (f.get("method") == "lintas.v1.IntakeService/GetCase" and
                f.get("agency") == "bp3mi-ntt" and f.get("outcome") == "OK"):
            out[f.get("case")] += 1
    return out


class Checker:
    def __init__(self, cluster, channels, partitions=16):
        self.cluster = cluster
        self.channels = channels
        self.partitions = partitions
        self.lines = []
        self.failed = False
        self.summary = {}  # numbers for the long run's table

    def report(self, ok, name, numbers):
        word = "INFO" if ok is None else ("PASS" if ok else "FAIL")
        self.failed = self.failed or ok is False
        line = f"{word} {name}: {numbers}"
        self.lines.append(line)
        print(line, flush=True)

    def baseline(self, case_id, r):
        """What one case looks like when nothing fails: its referrals, timeline event types and
        inbox entries per agency."""
        view = read_case(self.channels, case_id)
        if view.error:
            raise RuntimeError(f"the baseline case {case_id} cannot be read: {view.error}")
        per_agency = {a: collections.Counter(f["type"] for _, f in es if f["case"] == case_id)
                      for a, es in inboxes(r).items()}
        self.expected = {
            "referrals": view.referrals,
            "types": collections.Counter(t for _, t in view.events),
            "inbox": {a: c for a, c in per_agency.items() if c},
        }
        return self.expected

    def check(self, acked, baseline_ids, faults, subscriber, readers, max_late):
        r = self.cluster.redis.client()
        exp = self.expected
        ids = {v[0] for v in acked.values()}
        all_ids = ids | set(baseline_ids)

        # Cases: every acknowledged one is stored; none is stored that was not acknowledged.
        stored = set()
        for p in range(self.partitions):
            stored.update(x.decode() for x in r.zrange(f"lintas:{{p{p:02d}}}:cases", 0, -1))
        lost = sorted(all_ids - stored)
        self.summary.update(cases=len(ids), lost=len(lost))
        self.report(not lost, "acknowledged cases lost",
                    f"{len(lost)} of {len(all_ids)} acknowledged ({len(stored)} stored)")
        extra = stored - all_ids
        self.report(not extra and len(ids) == len(acked), "cases duplicated",
                    f"{len(extra)} stored but never acknowledged, "
                    f"{len(acked) - len(ids)} idempotency keys acknowledged under a shared id")

        # Every case read back (GetCase + GetTimeline), referrals and timeline as the baseline's.
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            views = dict(zip(sorted(ids), pool.map(lambda c: read_case(self.channels, c),
                                                   sorted(ids))))
        unreadable = sum(1 for v in views.values() if v.error)
        self.report(unreadable == 0, "cases readable",
                    f"{len(views) - unreadable} of {len(views)} read by GetCase and GetTimeline")
        ref_lost = sum(sum((exp["referrals"] - v.referrals).values()) for v in views.values())
        ref_dup = sum(sum((v.referrals - exp["referrals"]).values()) for v in views.values())
        want = sum(exp["referrals"].values())
        self.report(ref_lost == 0 and want > 0, "referrals lost",
                    f"{ref_lost} of {want * len(views)} ({want} per case)")
        self.report(ref_dup == 0, "referrals duplicated", f"{ref_dup}")
        ev_lost = sum(sum((exp["types"] - collections.Counter(t for _, t in v.events)).values())
                      for v in views.values())
        ev_dup = sum(len(v.events) - len({e for e, _ in v.events}) +
                     sum((collections.Counter(t for _, t in v.events) - exp["types"]).values())
                     for v in views.values())
        self.report(ev_lost == 0 and ev_dup == 0, "timelines",
                    f"{ev_lost} events missing, {ev_dup} extra or repeated "
                    f"({sum(exp['types'].values())} per case)")

        # Inboxes: per agency and case, the baseline's entries; no event twice in one inbox.
        boxes = inboxes(r)
        in_lost = in_dup = in_total = 0
        for agency, want_types in exp["inbox"].items():
            entries = boxes.get(agency, [])
            events = collections.Counter(f["event"] for _, f in entries)
            in_dup += sum(n - 1 for n in events.values())
            by_case = collections.defaultdict(collections.Counter)
            for _, f in entries:
                by_case[f["case"]][f["type"]] += 1
            for c in ids:
                got = by_case.get(c, collections.Counter())
                in_lost += sum((want_types - got).values())
                in_dup += sum((got - want_types).values())
                in_total += sum(want_types.values())
        self.report(in_lost == 0 and in_total > 0, "inbox entries lost",
                    f"{in_lost} of {in_total} in {len(exp['inbox'])} inboxes")
        self.report(in_dup == 0, "inbox entries duplicated", f"{in_dup}")
        self.summary.update(duplicated=len(extra) + ref_dup + ev_dup + in_dup,
                            lost=self.summary["lost"] + ref_lost + ev_lost + in_lost)

        # The resuming subscriber: exactly Polres Malaka's inbox, once, in order.
        if subscriber is not None:
            inbox = [e for e, _ in boxes.get("polres-malaka", [])]
            got = subscriber.cursors
            seen = set(got)
            gaps = sum(1 for e in inbox if e not in seen)
            dups = len(got) - len(seen)
            order = sum(1 for a, b in zip(got, got[1:]) if a >= b and len(a) == len(b))
            self.report(gaps == 0 and dups == 0 and order == 0 and inbox,
                        "resuming subscriber",
                        f"{gaps} gaps, {dups} repeated, {order} out of order; "
                        f"{len(got)} received of {len(inbox)} in the inbox over "
                        f"{subscriber.resumes} subscriptions")

        # Webhooks: every BP3MI inbox entry POSTed, first deliveries in inbox order; a repeat
        # only for the entry in flight at a kill (delivery is at least once).
        receiver = self.cluster.receiver
        events = [f["event"] for _, f in boxes.get("bp3mi-ntt", [])]
        got = receiver.received()
        firsts = list(dict.fromkeys(got))
        gaps = len(set(events) - set(firsts))
        order = firsts != [e for e in events if e in set(firsts)]
        repeats = len(got) - len(firsts)
        kills = sum(1 for f in faults if f.experiment == "kill-webhook")
        self.report(gaps == 0 and not order and repeats <= kills and events and
                    receiver.bad_signatures == 0, "webhook deliveries",
                    f"{gaps} of {len(events)} never delivered, order "
                    f"{'BROKEN' if order else 'kept'}, {repeats} redelivered after {kills} "
                    f"webhook kills, {receiver.bad_signatures} bad signatures; longest time "
                    f"without a delivery {receiver.longest_silence():.1f} s")

        pending, lag = group_backlog(r, self.partitions)
        self.report(pending == 0 and lag == 0, "pending entries (XPENDING)",
                    f"{pending} pending, {lag} not yet delivered")
        dead = {k.decode(): r.xlen(k) for k in r.scan_iter(match="lintas:dlq:*")}
        self.report(sum(dead.values()) == 0, "dead letters",
                    f"{sum(dead.values())} in {len(dead)} streams {dead if dead else ''}".strip())

        env = {k: v for k, v in os.environ.items() if not k.startswith("LINTAS_")}
        env.update(LINTAS_REDIS_ADDRESS=f"unix:{self.cluster.redis.socket}",
                   LINTAS_KEY_FILE=self.cluster.key_file)
        v = subprocess.run([self.cluster.lintasctl, "audit", "verify", "--config",
                            self.cluster.config], env=env, capture_output=True, text=True)
        first = (v.stdout + v.stderr).strip().splitlines()
        self.report(v.returncode == 0, "audit chain intact",
                    f"lintasctl audit verify exit {v.returncode}: {first[0] if first else ''}")

        if readers is not None:
            audited = audited_reads(r)
            missing = sum(max(0, n - audited.get(c, 0)) for c, n in readers.answers.items())
            self.report(missing == 0 and readers.total() > 0, "reads with personal data audited",
                        f"{missing} answers without an audit entry; {readers.total()} answers "
                        f"with the subject's name, {sum(audited.values())} entries")

        procs = self.cluster.procs.values()
        unexpected = sum(len(p.unexpected_exits) for p in procs)
        down = [p.name for p in procs if not p.alive()]
        never = [f.line() for f in faults if not f.recovered]
        self.report(not unexpected and not down and not never and
                    self.cluster.redis.proc.poll() is None, "every process recovered",
                    f"{len(faults)} faults, {len(never)} not recovered, {unexpected} exits "
                    f"nobody asked for, down at the end: {down or 'none'}")
        refusals = [f for f in faults if f.experiment in experiments.REFUSALS]
        if refusals:
            codes = collections.Counter()
            for f in refusals:
                codes.update(f.codes)
            other = {k: n for k, n in codes.items() if k != "UNAVAILABLE"}
            self.report(not other and codes, "refused writes are UNAVAILABLE",
                        f"submitter saw {dict(codes) or 'no error'} during {len(refusals)} "
                        f"refusals (want UNAVAILABLE only; nothing half-written: lines above)")
        self.late(acked, boxes, faults, max_late)
        return not self.failed

    def late(self, acked, boxes, faults, max_late):
        """Submit -> last inbox entry of the case, from the inbox entry ids' Redis times.
        In a run with short deadlines, what comes after a case's deadline (the escalation and the
        new referral it makes) is timed apart, from the deadline (the acknowledgement +
        experiments.ESCALATION_SECONDS)."""
        due = {}
        if any(f.experiment == "escalate-kill" for f in faults):
            due = {c: ack + experiments.ESCALATION_SECONDS for c, _, ack, _ in acked.values()}
        done = collections.defaultdict(float)
        escalated = collections.defaultdict(float)
        for entries in boxes.values():
            for eid, f in entries:
                at = int(eid.split("-")[0]) / 1000.0
                if f["case"] in due and at >= due[f["case"]]:
                    escalated[f["case"]] = max(escalated[f["case"]], at)
                else:
                    done[f["case"]] = max(done[f["case"]], at)
        if escalated:
            after_due = sorted(escalated[c] - due[c] for c in escalated)
            self.summary.update(escalation_worst=after_due[-1])
            self.report(None, "escalations",
                        f"{len(after_due)} of {len(due)} cases escalated; their last inbox entry "
                        f"after the deadline: median {after_due[len(after_due) // 2]:.2f} s, worst "
                        f"{after_due[-1]:.2f} s (routing looks for due deadlines every round)")
        delays = sorted(done[c] - first for c, first, _, _ in acked.values() if c in done)
        late = sum(1 for d in delays if d > 2.0)
        worst = delays[-1] if delays else 0.0
        median = delays[len(delays) // 2] if delays else 0.0
        self.summary.update(late=late, worst=worst, median=median)
        numbers = (f"{late} of {len(delays)} cases > 2 s from submit to inbox; median "
                   f"{median:.2f} s, worst {worst:.2f} s")
        if max_late is None:
            self.report(None, "late", numbers + " (not enforced: no --max-late-seconds)")
        else:
            self.report(worst <= max_late, f"late (limit {max_late} s)", numbers)
        # Per fault: process ready, and when every case submitted around it was delivered.
        for f in faults:
            end = f.restarted or f.at
            near = [done[c] for c, first, _, _ in acked.values()
                    if f.at - 2 <= first <= end and c in done]
            catch_up = max(near) - f.at if near else 0.0
            ready = f"{f.ready - f.at:.2f} s" if f.ready else "never"
            self.summary.setdefault("recovery", []).append(
                (f.ready - f.at if f.ready else None, catch_up))
            self.report(None, f"recovery {f.experiment}",
                        f"down {((f.restarted or f.at) - f.at):.2f} s, ready {ready} after the "
                        f"fault, cases submitted meanwhile delivered {catch_up:.2f} s after it "
                        f"({len(near)} cases)")
