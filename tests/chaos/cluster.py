"""The processes a chaos run owns: one redis-server (AOF, appendfsync always, unix socket in a
temp dir) and several lintasd processes, one per service kind, on fixed loopback ports with the
demo config's mutual TLS. Every child gets PR_SET_PDEATHSIG, so nothing outlives the driver.
"""

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import redis

import webhook_receiver

PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


def _die_with_parent():
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Which lintasd processes a run starts, by name: the --services each runs. Two notify workers so
# that one can be stopped (SIGSTOP) while the other runs.
PROCESSES = {
    "intake": "intake",
    "routing": "routing",
    "notify": "notify",
    "notify-b": "notify",
    "front": "referral,status,feeds",
    "webhook": "webhook",
}
# BP3MI's inbox also goes to a loopback webhook receiver, with short retries.
WEBHOOK_AGENCY = "bp3mi-ntt"
WEBHOOK_AT = """  - id: bp3mi-ntt
    kind: protection_agency
    name: BP3MI Nusa Tenggara Timur
    jurisdiction: ["53"]
"""
WEBHOOK = """    webhook:
      url: http://127.0.0.1:{port}/hooks/lintas
      secret_file: keys/webhook.secret
      timeout_ms: 2000
      initial_backoff_ms: 100
      max_backoff_ms: 1000
"""


class Redis:
    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "redis")
        os.makedirs(self.dir, exist_ok=True)
        self.socket = os.path.join(self.dir, "redis.sock")
        self.proc = None
        self.log = open(os.path.join(workdir, "redis.log"), "ab")

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", "0", "--unixsocket", self.socket, "--unixsocketperm", "700",
             "--dir", self.dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "",
             "--maxmemory", "512mb", "--maxmemory-policy", "noeviction", "--databases", "1",
             # CONFIG SET dir, for fail_snapshots: local connections only (a unix socket here).
             "--enable-protected-configs", "local"],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except (redis.exceptions.RedisError, OSError):
                time.sleep(0.05)
        raise RuntimeError("redis-server did not answer in 20 s; see redis.log")

    def client(self):
        return redis.Redis(unix_socket_path=self.socket, socket_timeout=10)

    def fail_snapshots(self):
        """Makes Redis refuse writes with MISCONF, as a full or broken disk would: an RDB snapshot
        into a directory removed under it fails, and with a save rule configured
        (stop-writes-on-bgsave-error, the default) every write is then refused. The AOF keeps
        its open file in self.dir."""
        gone = os.path.join(os.path.dirname(self.dir), "redis-gone")
        os.makedirs(gone, exist_ok=True)
        r = self.client()
        r.config_set("save", "3600 1")
        r.config_set("dir", gone)
        os.rmdir(gone)
        r.bgsave()
        deadline = time.monotonic() + 10
        while r.info("persistence")["rdb_last_bgsave_status"] != "err":
            if time.monotonic() > deadline:
                raise RuntimeError("the failing BGSAVE did not fail")
            time.sleep(0.02)

    def heal_snapshots(self):
        """Undoes fail_snapshots: a snapshot that succeeds lifts MISCONF."""
        r = self.client()
        r.config_set("dir", self.dir)
        r.bgsave()
        deadline = time.monotonic() + 10
        while r.info("persistence")["rdb_last_bgsave_status"] != "ok":
            if time.monotonic() > deadline:
                raise RuntimeError("the healing BGSAVE did not succeed")
            time.sleep(0.02)
        r.config_set("save", "")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def shutdown(self):
        try:
            self.client().shutdown()
        except (redis.exceptions.RedisError, OSError):
            pass  # the connection closes as it stops
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Lintasd:
    """One lintasd process by name; restartable on the same port."""

    def __init__(self, cluster, name, services):
        self.cluster = cluster
        self.name = name
        self.services = services
        self.port = free_port()
        self.proc = None
        self.starts = 0
        self.expected_exit = False
        self.unexpected_exits = []
        # Held while (re)starting, and by the watcher while it looks: it must never see the old,
        # dead process between a restart's decision and its Popen (it would start a second one).
        self.lock = threading.RLock()
        self.log_path = os.path.join(cluster.workdir, f"lintasd-{name}.log")

    @property
    def target(self):
        return f"127.0.0.1:{self.port}"

    def start(self, wait=True):
        with self.lock:
            self._spawn()
        if wait:
            return self.wait_listening()
        return True

    def _spawn(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINTAS_")}
        env.update(LINTAS_REDIS_ADDRESS=f"unix:{self.cluster.redis.socket}",
                   LINTAS_KEY_FILE=self.cluster.key_file, LINTAS_LISTEN=self.target,
                   # Its own stable worker name, kept across restarts: a restart takes back its
                   # own pending entries at once (two notify processes share this host).
                   LINTAS_INSTANCE=f"chaos-{self.name}")
        log = open(self.log_path, "ab")
        log.write(f"--- start {self.starts + 1} at {time.time():.3f}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(
            [self.cluster.lintasd, "--config", self.cluster.config, f"--services={self.services}"],
            stdout=log, stderr=subprocess.STDOUT, env=env, preexec_fn=_die_with_parent)
        self.expected_exit = False
        log.close()
        self.starts += 1

    def wait_listening(self, timeout=30):
        """True once this start has logged its port; the seconds it took are returned too."""
        marker = re.compile(rb"listening on port ")
        began = time.monotonic()
        while time.monotonic() - began < timeout:
            with open(self.log_path, "rb") as f:
                text = f.read()
            last = text.rfind(b"--- start ")
            if marker.search(text, last if last >= 0 else 0):
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.02)
        return False

    def signal(self, sig):
        with self.lock:
            if self.proc and self.proc.poll() is None:
                if sig in (signal.SIGKILL, signal.SIGTERM):
                    self.expected_exit = True
                self.proc.send_signal(sig)
                if sig == signal.SIGKILL:
                    self.proc.wait()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        with self.lock:
            self.expected_exit = True
        if self.alive():
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Cluster:
    def __init__(self, source_dir, build_dir, keep=False):
        self.source_dir = source_dir
        self.lintasd = os.path.join(build_dir, "services/lintasd/lintasd")
        self.lintasctl = os.path.join(build_dir, "tools/lintasctl/lintasctl")
        self.gen_dir = os.path.join(build_dir, "tests/e2e/python_gen")
        self.workdir = tempfile.mkdtemp(prefix="lintas-chaos-")
        self.keep = keep
        self.redis = Redis(self.workdir)
        self.procs = {n: Lintasd(self, n, s) for n, s in PROCESSES.items()}
        self.receiver = None
        self._watch_stop = threading.Event()
        self._watcher = None

    def prepare(self, deadline_minutes=None):
        """Config, key and certificates in the work dir, derived from deploy/config. With
        `deadline_minutes`, every acknowledgement deadline of the routing rules is that long."""
        src = os.path.join(self.source_dir, "deploy/config")
        # Every file beside it (regions, routing rules, holidays, whatever the config names).
        shutil.copytree(src, self.workdir, dirs_exist_ok=True)
        if deadline_minutes:
            rules = os.path.join(self.workdir, "routing-ntt.yaml")
            with open(rules) as f:
                text, n = re.subn(r"ack_deadline: \{[a-z_]+: \d+\}",
                                  f"ack_deadline: {{minutes: {deadline_minutes}}}", f.read())
            if n == 0:
                raise RuntimeError("deploy/config/routing-ntt.yaml has no ack_deadline to shorten")
            with open(rules, "w") as f:
                f.write(text)
        with open(os.path.join(src, "lintas.yaml")) as f:
            text = f.read()
        replacements = [
            ("    requests_per_second: 50\n    burst: 100\n",
             "    requests_per_second: 1000000\n    burst: 1000000\n"),
            ("../../var/certs/", "certs/"),
            ("../../var/keys/dev-1.key", "keys/dev-1.key"),
        ]
        os.makedirs(os.path.join(self.workdir, "keys"), mode=0o700)
        secret = os.urandom(32).hex()
        with open(os.path.join(self.workdir, "keys/webhook.secret"), "w") as f:
            f.write(secret + "\n")
        os.chmod(os.path.join(self.workdir, "keys/webhook.secret"), 0o600)
        self.receiver = webhook_receiver.Receiver(secret.encode())
        replacements.append((WEBHOOK_AT, WEBHOOK_AT + WEBHOOK.format(port=self.receiver.port)))
        for old, new in replacements:
            if old not in text:
                raise RuntimeError(f"deploy/config/lintas.yaml no longer holds {old!r}")
            text = text.replace(old, new)
        self.config = os.path.join(self.workdir, "lintas.yaml")
        with open(self.config, "w") as f:
            f.write(text)
        self.key_file = os.path.join(self.workdir, "keys/dev-1.key")
        with open(self.key_file, "w") as f:
            f.write(os.urandom(32).hex() + "\n")
        os.chmod(self.key_file, 0o600)
        # Certificates only for the agencies the run calls as: the script reads `- id:` lines.
        ids = os.path.join(self.workdir, "cert-agencies.yaml")
        with open(ids, "w") as f:
            f.write("server:\n  tls:\n    trust_domain: dev.lintas.local\nagencies:\n"
                    "  - id: bp3mi-ntt\n  - id: polres-malaka\n")
        subprocess.run([os.path.join(self.source_dir, "deploy/certs/make-dev-certs.sh"),
                        os.path.join(self.workdir, "certs"), ids],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.certs = os.path.join(self.workdir, "certs")

    def start(self):
        self.receiver.start()
        self.redis.start()
        for p in self.procs.values():
            if not p.start():
                raise RuntimeError(f"lintasd {p.name} did not start; see {p.log_path}")
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    def _watch(self):
        """A process that exits without being told to is restarted, and counted."""
        while not self._watch_stop.wait(0.2):
            for p in self.procs.values():
                with p.lock:
                    if p.proc is not None and p.proc.poll() is not None and not p.expected_exit:
                        p.unexpected_exits.append((time.time(), p.proc.returncode))
                        p.start(wait=False)

    def stop(self):
        self._watch_stop.set()
        if self._watcher:
            self._watcher.join()
        for p in self.procs.values():
            p.stop()
        self.redis.stop()
        if self.receiver:
            self.receiver.stop()
        if not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)
