"""A loopback webhook receiver for the chaos run: checks each POST's Lintas-Signature as
docs/security.md ("Webhooks") tells a receiver to, answers 204, and records the CloudEvents ids in
the order they arrived (redeliveries included)."""

import hashlib
import hmac
import http.server
import json
import threading
import time


class Receiver:
    def __init__(self, secret):
        self.secret = secret
        self.ids = []  # CloudEvents ids, in arrival order
        self.times = []  # when each arrived
        self.bad_signatures = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                header = self.headers.get("Lintas-Signature", "")
                try:
                    p = dict(kv.split("=", 1) for kv in header.split(","))
                    mac = hmac.new(receiver.secret, p["t"].encode() + b"." + body,
                                   hashlib.sha256).hexdigest()
                    ok = (hmac.compare_digest(mac, p["v1"]) and
                          abs(time.time() - int(p["t"])) <= 300)
                    event_id = json.loads(body)["id"]
                except (ValueError, KeyError):
                    ok, event_id = False, None
                with receiver.lock:
                    if ok:
                        receiver.ids.append(event_id)
                        receiver.times.append(time.time())
                    else:
                        receiver.bad_signatures += 1
                self.send_response(204 if ok else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def longest_silence(self):
        """The longest time between two deliveries (seconds)."""
        with self.lock:
            return max((b - a for a, b in zip(self.times, self.times[1:])), default=0.0)

    def received(self):
        with self.lock:
            return list(self.ids)
