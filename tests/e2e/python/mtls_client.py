#!/usr/bin/env python3
"""A Python gRPC client for lintasd over mutual TLS: issue 5's "works with standard gRPC clients
in other languages", exercised by tests/e2e/python_client_test.cc.

Only the standard library, grpc (Debian's python3-grpcio) and google.protobuf (python3-protobuf).
The message classes are the ones `protoc --python_out` made from proto/ at build time (--gen-dir,
target lintas_e2e_python); calls go through the plain `channel.unary_unary` /
`channel.stream_stream` API, with the generated classes' serializers.

Prints one JSON object per step on stdout, "step" first, e.g.
  {"step":"submit","code":"OK","case_id":"...","status":"CASE_STATUS_RECEIVED"}
  {"step":"result","ok":true,"failures":[]}
and exits 0 when every step gave what --scenario expects, 1 when one did not, 2 when it cannot
run at all (bad arguments, grpc or protobuf missing, generated modules missing).

Scenarios:
  valid         health SERVING, reflection lists lintas.v1.IntakeService, SubmitCase of --case
                works and GetCase returns it with submitted_by == --agency
  no-cert       no client certificate: GetCase fails with UNAVAILABLE (the handshake)
  unregistered  a certificate naming an agency that is not registered: UNAUTHENTICATED
"""

import argparse
import json
import sys
import uuid


def emit(step, **fields):
    line = {"step": step}
    line.update(fields)
    print(json.dumps(line, separators=(",", ":")), flush=True)


def fail_to_start(reason):
    emit("start", ok=False, error=reason)
    sys.exit(2)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--target", required=True, help="host:port of lintasd")
    p.add_argument("--ca", required=True, help="PEM of the CA that signed lintasd's certificate")
    p.add_argument("--cert", help="client certificate PEM (none: present no certificate)")
    p.add_argument("--key", help="client private key PEM")
    p.add_argument("--gen-dir", required=True, help="where protoc --python_out wrote the modules")
    p.add_argument("--scenario", required=True, choices=["valid", "no-cert", "unregistered"])
    p.add_argument("--case", help="a Case as protobuf JSON (scenario valid)")
    p.add_argument("--agency", help="the agency the certificate names (scenario valid)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per call")
    args = p.parse_args()
    if (args.cert is None) != (args.key is None):
        p.error("--cert and --key go together")
    if args.scenario == "valid" and (args.case is None or args.agency is None or args.cert is None):
        p.error("scenario valid needs --cert, --key, --case and --agency")
    return args


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    args = parse_args()
    try:
        import grpc
        from google.protobuf import json_format
    except ImportError as e:
        fail_to_start(f"{e} (install Debian's python3-grpcio and python3-protobuf, and run "
                      f"their python3: /usr/bin/python3)")
    # The generated modules: lintas/v1/*_pb2.py and google/rpc/*_pb2.py under --gen-dir, and the
    # health and reflection protocols at its top (see tests/CMakeLists.txt).
    sys.path.insert(0, args.gen_dir)
    try:
        from lintas.v1 import case_pb2, intake_pb2
        import health_pb2
        import reflection_pb2
    except ImportError as e:
        fail_to_start(f"generated modules: {e} (build target lintas_e2e_python)")

    emit("start", ok=True, python=sys.version.split()[0], grpc=grpc.__version__,
         protobuf=__import__("google.protobuf").protobuf.__version__)

    # Mutual TLS: the three PEMs, exactly as any gRPC client takes them.
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.ca),
        private_key=read(args.key) if args.key else None,
        certificate_chain=read(args.cert) if args.cert else None)
    channel = grpc.secure_channel(args.target, credentials)

    def unary(method, request_type, response_type):
        return channel.unary_unary(method,
                                   request_serializer=request_type.SerializeToString,
                                   response_deserializer=response_type.FromString)

    submit_case = unary("/lintas.v1.IntakeService/SubmitCase", intake_pb2.SubmitCaseRequest,
                        intake_pb2.SubmitCaseResponse)
    get_case = unary("/lintas.v1.IntakeService/GetCase", intake_pb2.GetCaseRequest,
                     case_pb2.Case)
    health_check = unary("/grpc.health.v1.Health/Check", health_pb2.HealthCheckRequest,
                         health_pb2.HealthCheckResponse)
    reflection_info = channel.stream_stream(
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)

    failures = []

    def expect(step, condition, what):
        if not condition:
            failures.append(f"{step}: {what}")

    def call(rpc, request):
        """Runs one call; returns (status code name, response or None, details)."""
        try:
            return "OK", rpc(request, timeout=args.timeout), ""
        except grpc.RpcError as e:
            return e.code().name, None, e.details() or ""

    if args.scenario == "valid":
        code, resp, details = call(health_check, health_pb2.HealthCheckRequest())
        status = (health_pb2.HealthCheckResponse.ServingStatus.Name(resp.status)
                  if resp is not None else "")
        emit("health", code=code, status=status, details=details)
        expect("health", status == "SERVING", f"{code} {status} {details}")

        try:
            responses = reflection_info(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                timeout=args.timeout)
            services = sorted(s.name for r in responses
                              for s in r.list_services_response.service)
            code, details = "OK", ""
        except grpc.RpcError as e:
            services, code, details = [], e.code().name, e.details() or ""
        emit("reflection", code=code, services=services, details=details)
        expect("reflection", "lintas.v1.IntakeService" in services, f"{code} {services}")

        request = intake_pb2.SubmitCaseRequest(idempotency_key=f"py-mtls-{uuid.uuid4()}")
        json_format.Parse(read(args.case), request.case)
        code, created, details = call(submit_case, request)
        emit("submit", code=code, case_id=created.case_id if created is not None else "",
             status=case_pb2.CaseStatus.Name(created.status) if created is not None else "",
             details=details)
        expect("submit", created is not None and created.case_id, f"{code} {details}")

        if created is not None:
            code, got, details = call(get_case, intake_pb2.GetCaseRequest(
                case_id=created.case_id))
            got = got if got is not None else case_pb2.Case()
            emit("get", code=code, case_id=got.id, submitted_by=got.submitted_by,
                 category=case_pb2.Category.Name(got.category), details=details)
            expect("get", code == "OK", f"{code} {details}")
            expect("get", got.id == created.case_id, f"case {got.id!r}, want {created.case_id!r}")
            expect("get", got.submitted_by == args.agency,
                   f"submitted_by {got.submitted_by!r}, want {args.agency!r}")
    else:
        # A case that does not exist: the caller meets NOT_FOUND only once it got through.
        code, _, details = call(get_case,
                                intake_pb2.GetCaseRequest(case_id="01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"))
        emit("probe", code=code, details=details)
        want = "UNAVAILABLE" if args.scenario == "no-cert" else "UNAUTHENTICATED"
        expect("probe", code == want, f"{code} {details}, want {want}")

    channel.close()
    emit("result", ok=not failures, failures=failures)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
