#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora into tests/fuzz/corpus/ (committed; run again when a
message or a file format changes). Needs the Python message classes the build makes for the e2e
tests: make_seeds.py BUILD_DIR."""
import hashlib
import hmac
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(pathlib.Path(sys.argv[1]) / "tests/e2e/python_gen"))
from google.protobuf import json_format  # noqa: E402
from lintas.v1 import case_record_pb2, envelope_pb2, intake_pb2  # noqa: E402

corpus = root / "tests/fuzz/corpus"


def write(target, name, data):
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


# Case submissions: the example file, and one of each kind of trouble the validator names.
example = json.loads((root / "deploy/examples/trafficking-case.json").read_text())
req = intake_pb2.SubmitCaseRequest()
json_format.ParseDict({"idempotencyKey": "seed-case-0001", "case": example}, req,
                      ignore_unknown_fields=True)
write("case_submission", "example", req.SerializeToString())
bad = intake_pb2.SubmitCaseRequest()
bad.CopyFrom(req)
bad.idempotency_key = "x"
bad.case.region_code = "53.99"
bad.case.subject.nik = "1234"
write("case_submission", "invalid", bad.SerializeToString())
write("case_submission", "empty", b"")

# Config and routing rules: the shipped files.
write("config_file", "lintas.yaml", (root / "deploy/config/lintas.yaml").read_bytes())
write("config_file", "minimal.yaml", "server:\n  listen: 127.0.0.1:0\n")
write("routing_rules", "routing-ntt.yaml", (root / "deploy/config/routing-ntt.yaml").read_bytes())
write("routing_rules", "one-rule.yaml",
      "- id: one\n  description: d\n  match: {category: trafficking}\n"
      "  refer: [{agency: bp3mi-ntt, purpose: information}]\n")

# Event envelopes: one of each stored type, with plausible fields.
def envelope(message, seq):
    e = envelope_pb2.EventEnvelope(
        id="01JDQ3K6Y8V1T8R2M4N5P6Q7R8", source="/lintas/intake",
        type=message.DESCRIPTOR.full_name, specversion="1.0",
        subject="01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07", sequence=seq,
        datacontenttype="application/protobuf",
        dataschema="type.googleapis.com/" + message.DESCRIPTOR.full_name,
        data=message.SerializeToString())
    e.time.seconds = 1795853467
    return e.SerializeToString()


received = case_record_pb2.CaseReceived()
received.case.id = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"
received.case.region_code = "53.21.01.2006"
write("event_envelope", "case-received", envelope(received, 1))
requested = case_record_pb2.ReferralRequested()
requested.referral.id = "r1"
requested.referral.target_agency = "polres-malaka"
write("event_envelope", "referral-requested", envelope(requested, 2))
updated = case_record_pb2.ReferralUpdated(referral_id="r1", actor="polres-malaka",
                                          reason=b"\x01\x06fuzz-1" + b"\x00" * 40)
write("event_envelope", "referral-updated", envelope(updated, 3))
write("event_envelope", "status-changed", envelope(case_record_pb2.CaseStatusChanged(), 4))
write("event_envelope", "triaged",
      envelope(case_record_pb2.CaseTriaged(duplicate_of="01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03"), 5))

# Webhook signatures: first byte = header length, then the header, then the body.
body = b'{"specversion":"1.0","id":"x"}'
t = 1800000000
mac = hmac.new(b"fuzz secret", str(t).encode() + b"." + body, hashlib.sha256).hexdigest()
for name, header in [("genuine", f"t={t},v1={mac}"), ("two-macs", f"t={t},v1=00,v1={mac}"),
                     ("old", f"t={t - 1000},v1={mac}"), ("junk", "t=,v1=,=")]:
    h = header.encode()
    write("webhook_signature", name, bytes([len(h)]) + h + body)
print("seeds written to", corpus)
