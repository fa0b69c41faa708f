"""The clients of a chaos run, over mutual TLS with the agencies' development certificates:
a fixed-rate submitter that retries each case under its idempotency key until acknowledged, a
police subscriber that drops its stream every few seconds and resumes from its cursor, and
GetCase readers that count every answer carrying the subject's name.
"""

import os
import sys
import threading
import time

import grpc

OK = grpc.StatusCode.OK


def load_stubs(gen_dir):
    sys.path.insert(0, gen_dir)
    global case_pb2, intake_pb2, notification_pb2, case_status_pb2, health_pb2
    from lintas.v1 import case_pb2, intake_pb2, notification_pb2, case_status_pb2  # noqa: F401
    import health_pb2  # noqa: F401


class Channels:
    """Channels to each lintasd process, as one agency."""

    def __init__(self, cluster, agency):
        certs = cluster.certs

        def read(p):
            with open(os.path.join(certs, p), "rb") as f:
                return f.read()

        self.credentials = grpc.ssl_channel_credentials(
            root_certificates=read("ca.crt"), private_key=read(f"agencies/{agency}.key"),
            certificate_chain=read(f"agencies/{agency}.crt"))
        self.cluster = cluster
        self.channels = {}
        self.lock = threading.Lock()

    def channel(self, name):
        with self.lock:
            if name not in self.channels:
                # Short reconnect backoff: a restarted process is found again at once. Not
                # grpc.min_reconnect_backoff_ms: gRPC also takes it as the connect time-out, and a
                # TLS handshake on a busy machine can take longer than that.
                self.channels[name] = grpc.secure_channel(
                    self.cluster.procs[name].target, self.credentials,
                    options=[("grpc.initial_reconnect_backoff_ms", 100),
                             ("grpc.max_reconnect_backoff_ms", 1000)])
            return self.channels[name]

    def unary(self, name, method, req_type, resp_type):
        return self.channel(name).unary_unary(method, request_serializer=req_type.SerializeToString,
                                              response_deserializer=resp_type.FromString)

    def close(self):
        for c in self.channels.values():
            c.close()


def make_case(i, run):
    c = case_pb2.Case()
    c.category = case_pb2.CATEGORY_TRAFFICKING
    c.severity = case_pb2.SEVERITY_HIGH
    c.region_code = "53.21.01.2006"
    c.channel = case_pb2.CHANNEL_AGENCY_SYSTEM
    c.subject.full_name = f"Subjek Uji Kekacauan {run}-{i}"
    # A NIK and a broker phone of its own per case (i < 9999): no duplicate suspicion, no
    # linked cases.
    c.subject.nik = f"532101540398{i % 9999 + 1:04d}"
    c.subject.sex = case_pb2.SEX_FEMALE
    c.subject.destination_country = "MY"
    p = c.reported_persons.add()
    p.name = "Calo Fiktif"
    p.phone = f"+62 813 {i // 10000 % 10000:04d} {i % 10000:04d}"
    p.role = "calo"
    c.reporter.mode = case_pb2.REPORTER_MODE_ANONYMOUS
    c.narrative = "[UJI] Dijanjikan kerja di Malaysia, berangkat lewat Atambua tanpa dokumen."
    return c


class Submitter:
    """Submits `count` cases at `rate` per second from a few threads; each case is retried under
    its own idempotency key until acknowledged (or `give_up` seconds pass)."""

    def __init__(self, channels, run, count, rate, threads=8, give_up=120.0, first=0):
        self.submit = channels.unary("intake", "/lintas.v1.IntakeService/SubmitCase",
                                     intake_pb2.SubmitCaseRequest, intake_pb2.SubmitCaseResponse)
        self.run, self.count, self.rate, self.give_up = run, count, rate, give_up
        self.acked = {}  # index -> (case id, first attempt time, ack time, attempts)
        self.given_up = []
        self.last_error = ""
        self.errors = {}
        self.lock = threading.Lock()
        self.next = 0
        self.first = first  # the first case's number: the baseline's is apart from the load's
        self.started = None
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]

    def start(self):
        self.started = time.time()
        for t in self.threads:
            t.start()

    def join(self):
        for t in self.threads:
            t.join()

    def done(self):
        return all(not t.is_alive() for t in self.threads)

    def _take(self):
        with self.lock:
            i = self.next
            self.next += 1
        return i if i < self.count else None

    def _work(self):
        while (i := self._take()) is not None:
            due = self.started + i / self.rate
            time.sleep(max(0.0, due - time.time()))
            req = intake_pb2.SubmitCaseRequest(idempotency_key=f"chaos-{self.run}-{i}")
            req.case.CopyFrom(make_case(self.first + i, self.run))
            first = time.time()
            attempts = 0
            while True:
                attempts += 1
                try:
                    resp = self.submit(req, timeout=5)
                    with self.lock:
                        self.acked[i] = (resp.case_id, first, time.time(), attempts)
                    break
                except grpc.RpcError as e:
                    with self.lock:
                        self.errors[e.code().name] = self.errors.get(e.code().name, 0) + 1
                        self.last_error = f"{e.code().name}: {e.details()}"
                    if time.time() - first > self.give_up:
                        with self.lock:
                            self.given_up.append(i)
                        break
                    time.sleep(0.2)


class Subscriber:
    """Polres Malaka's desk: Subscribe, keep the stream `hold` seconds, drop it, resume from the
    last cursor received. Records every cursor in the order received."""

    def __init__(self, channels, hold=3.0):
        self.subscribe = channels.channel("front").unary_stream(
            "/lintas.v1.NotificationService/Subscribe",
            request_serializer=notification_pb2.SubscribeRequest.SerializeToString,
            response_deserializer=notification_pb2.SubscribeResponse.FromString)
        self.hold = hold
        self.cursors = []
        self.resumes = 0
        self.errors = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._work, daemon=True)

    def start(self):
        self.thread.start()

    def last(self):
        return self.cursors[-1] if self.cursors else ""

    def _work(self):
        while not self.stop.is_set():
            call = self.subscribe(notification_pb2.SubscribeRequest(cursor=self.last()),
                                  timeout=self.hold)
            self.resumes += 1
            try:
                for r in call:
                    if r.HasField("notification"):
                        self.cursors.append(r.notification.cursor)
                    if self.stop.is_set():
                        call.cancel()
                        break
            except grpc.RpcError as e:
                code = e.code().name
                if code != "DEADLINE_EXCEEDED":
                    self.errors[code] = self.errors.get(code, 0) + 1
                    time.sleep(0.2)


class Readers:
    """`n` closed loops of IntakeService.GetCase over the cases acknowledged so far; counts, per
    case, the answers that carried the subject's name (personal data)."""

    def __init__(self, channels, submitter, n):
        self.get = channels.unary("intake", "/lintas.v1.IntakeService/GetCase",
                                  intake_pb2.GetCaseRequest, case_pb2.Case)
        self.submitter = submitter
        self.answers = {}  # case id -> answers with personal data
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._work, args=(t,), daemon=True)
                        for t in range(n)]

    def start(self):
        for t in self.threads:
            t.start()

    def join(self):
        self.stop.set()
        for t in self.threads:
            t.join()

    def total(self):
        return sum(self.answers.values())

    def _work(self, t):
        n = t
        while not self.stop.is_set():
            with self.submitter.lock:
                ids = [v[0] for v in list(self.submitter.acked.values())[-32:]]
            if not ids:
                time.sleep(0.1)
                continue
            case_id = ids[n % len(ids)]
            n += 1
            try:
                got = self.get(intake_pb2.GetCaseRequest(case_id=case_id), timeout=2)
                if got.subject.full_name:
                    with self.lock:
                        self.answers[case_id] = self.answers.get(case_id, 0) + 1
            except grpc.RpcError:
                time.sleep(0.05)
