#include "adapters/protomap/envelope.h"

#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"

namespace lintas::protomap {

v1::EventEnvelope MakeEnvelope(const EnvelopeAttributes& a, const google::protobuf::Message& data) {
  v1::EventEnvelope e;
  e.set_id(a.id);
  e.set_source(a.source);
  e.set_type(data.GetDescriptor()->full_name());
  e.set_specversion(kSpecVersion);
  *e.mutable_time() = TimestampToProto(a.time);
  e.set_subject(a.case_id);
  e.set_sequence(a.sequence);
  e.set_datacontenttype(kProtobufContentType);
  e.set_dataschema(absl::StrCat("type.googleapis.com/", data.GetDescriptor()->full_name()));
  data.SerializeToString(e.mutable_data());
  return e;
}

absl::Status UnpackEnvelope(const v1::EventEnvelope& e, google::protobuf::Message& out) {
  if (e.specversion() != kSpecVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported specversion '", e.specversion(), "'"));
  }
  if (e.datacontenttype() != kProtobufContentType) {
    return absl::InvalidArgumentError(
        absl::StrCat("unsupported datacontenttype '", e.datacontenttype(), "'"));
  }
  if (e.type() != out.GetDescriptor()->full_name()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event type '", e.type(), "' is not ", out.GetDescriptor()->full_name()));
  }
  if (!out.ParseFromString(e.data())) {
    return absl::InvalidArgumentError(absl::StrCat("event ", e.id(), ": data does not parse"));
  }
  return absl::OkStatus();
}

}  // namespace lintas::protomap
