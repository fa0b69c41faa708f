"""Faults a chaos run injects while the load runs. Each experiment takes its time slot, does its
fault at a random moment in it, undoes it and returns; every fault is recorded with its times
(wall clock, seconds) so that the checker can say how long recovery took.
"""

import signal
import time

# name -> (what it does, for --list)
EXPERIMENTS = {
    "kill-intake": "SIGKILL the intake process, restart it",
    "kill-routing": "SIGKILL the routing worker, restart it",
    "kill-notify": "SIGKILL one of the two notify workers, restart it",
    "kill-front": "SIGKILL the referral+status+feeds process, restart it",
    "kill-webhook": "SIGKILL the webhook worker (BP3MI's inbox to a loopback receiver), restart it",
    "redis-shutdown": "Redis SHUTDOWN (AOF flushed), start it again",
    "redis-kill": "SIGKILL Redis, start it again (AOF always: nothing acknowledged is lost)",
    "stop-notify": "SIGSTOP one notify worker for 4 s while the other runs, then SIGCONT",
    "rewrite-kill": "BGREWRITEAOF, and SIGKILL the routing worker while it rewrites",
    "redis-refuse": "Redis refuses writes for 3 s (CONFIG SET maxmemory 1, noeviction: OOM)",
    "redis-misconf": "Redis refuses writes for 3 s with MISCONF (an RDB snapshot into a directory "
                     "that is gone fails; stop-writes-on-bgsave-error)",
}
REFUSALS = ("redis-refuse", "redis-misconf")
EXPERIMENTS["escalate-kill"] = ("every acknowledgement deadline is 1 minute, nobody acknowledges: "
                                "SIGKILL routing while the escalations fall due, restart it")
# With escalate-kill the run's referrals are due this long after they are made (the routing file
# copy says {minutes: 1}), and its faults come this much later than the load's slots.
ESCALATION_SECONDS = 60


def escalates(names):
    return "escalate-kill" in names
KILL_TARGET = {"kill-intake": "intake", "kill-routing": "routing", "kill-notify": "notify",
               "kill-front": "front", "kill-webhook": "webhook", "rewrite-kill": "routing",
               "escalate-kill": "routing"}


class Fault:
    def __init__(self, experiment, target, at):
        self.experiment = experiment
        self.target = target
        self.at = at  # when the fault began
        self.restarted = None  # when the process (or Redis) was started again
        self.ready = None  # when it listened (lintasd) or answered PING (Redis)
        self.recovered = True
        self.codes = {}  # gRPC codes the submitter met during the fault, for redis-refuse

    def line(self):
        ready = f"{self.ready - self.at:.2f}s" if self.ready else "never"
        return f"{self.experiment} {self.target} at +{self.at:.1f} ready after {ready}"


def _restart(cluster, name, fault, rng):
    time.sleep(rng.uniform(0.3, 1.5))  # as a supervisor would, after a moment
    p = cluster.procs[name]
    fault.restarted = time.time()
    fault.recovered = p.start(wait=True)
    fault.ready = time.time() if fault.recovered else None


def _diff(after, before):
    return {k: n - before.get(k, 0) for k, n in after.items() if n > before.get(k, 0)}


def run(name, cluster, rng, slot, codes=dict):
    """Runs experiment `name` within `slot` seconds; returns its Fault. `codes()` gives the
    submitter's error counts by gRPC code so far."""
    began = time.time()
    time.sleep(rng.uniform(0.2, max(0.3, slot * 0.4)))
    if name in KILL_TARGET:
        target = KILL_TARGET[name]
        if name == "rewrite-kill":
            cluster.redis.client().bgrewriteaof()
            time.sleep(rng.uniform(0.0, 0.05))
        fault = Fault(name, target, time.time())
        cluster.procs[target].signal(signal.SIGKILL)
        _restart(cluster, target, fault, rng)
    elif name in ("redis-shutdown", "redis-kill"):
        fault = Fault(name, "redis", time.time())
        if name == "redis-kill":
            cluster.redis.kill()
        else:
            cluster.redis.shutdown()
        time.sleep(rng.uniform(1.0, 3.0))
        fault.restarted = time.time()
        cluster.redis.start()
        fault.ready = time.time()
    elif name == "stop-notify":
        fault = Fault(name, "notify", time.time())
        cluster.procs["notify"].signal(signal.SIGSTOP)
        time.sleep(4.0)
        cluster.procs["notify"].signal(signal.SIGCONT)
        fault.restarted = fault.ready = time.time()
    elif name in REFUSALS:
        fault = Fault(name, "redis", time.time())
        before = dict(codes())
        if name == "redis-refuse":
            r = cluster.redis.client()
            r.config_set("maxmemory", "1")
            time.sleep(3.0)
            r.config_set("maxmemory", "512mb")
        else:
            cluster.redis.fail_snapshots()
            time.sleep(3.0)
            cluster.redis.heal_snapshots()
        fault.restarted = fault.ready = time.time()
        time.sleep(1.0)  # calls that began during the refusal end within their deadline
        fault.codes = _diff(dict(codes()), before)
    else:
        raise ValueError(f"unknown experiment {name}")
    rest = slot - (time.time() - began)
    if rest > 0:
        time.sleep(rest)
    return fault
