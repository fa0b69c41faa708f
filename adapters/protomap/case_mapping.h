#pragma once

#include "core/domain/case.h"
#include "google/protobuf/timestamp.pb.h"
#include "lintas/v1/case.pb.h"

namespace lintas::protomap {

// lintas.v1.Case <-> core::Case. Enum numbers are shared, so an unknown value on the wire
// survives into the domain, where validation refuses it.
core::Case CaseFromProto(const v1::Case& in);
v1::Case CaseToProto(const core::Case& in);

core::Referral ReferralFromProto(const v1::Referral& in);
v1::Referral ReferralToProto(const core::Referral& in);
v1::EnforcementAction EnforcementActionToProto(const core::EnforcementAction& in);
core::EnforcementAction EnforcementActionFromProto(const v1::EnforcementAction& in);

core::Timestamp TimestampFromProto(const google::protobuf::Timestamp& in);
google::protobuf::Timestamp TimestampToProto(core::Timestamp in);

}  // namespace lintas::protomap
