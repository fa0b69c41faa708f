#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "core/domain/case.h"
#include "google/protobuf/message.h"
#include "lintas/v1/envelope.pb.h"

namespace lintas::protomap {

// The CloudEvents attributes Lintas sets on every event. None of them may hold personal data.
struct EnvelopeAttributes {
  std::string id;       // a ULID
  std::string source;   // "/lintas/intake", "/lintas/routing", ...
  std::string case_id;  // CloudEvents subject
  std::int64_t sequence = 0;
  core::Timestamp time{};
};

inline constexpr char kSpecVersion[] = "1.0";
inline constexpr char kProtobufContentType[] = "application/protobuf";

// Wraps `data` in an envelope: type is the message's full name ("lintas.v1.CaseReceived"),
// dataschema its type URL.
v1::EventEnvelope MakeEnvelope(const EnvelopeAttributes& attributes,
                               const google::protobuf::Message& data);

// Parses the envelope's data into `out`. INVALID_ARGUMENT when the spec version or content type
// is not ours, when the type is not `out`'s type, or when the data does not parse.
absl::Status UnpackEnvelope(const v1::EventEnvelope& envelope, google::protobuf::Message& out);

}  // namespace lintas::protomap
