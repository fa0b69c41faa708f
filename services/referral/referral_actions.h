#pragma once

#include <array>
#include <cstddef>

#include "core/access/authorization.h"
#include "core/domain/referral.h"

namespace lintas::referral {

// The referral-action RPCs of lintas.v1.ReferralService, one row each: the RPC, the method the
// authorization matrix knows it by, the core::ReferralAction it performs. This list is the one
// place an action is tied to its RPC: it makes kReferralActions below and, in
// referral_service.h, the one-line overrides gRPC's generated service needs (it dispatches each
// RPC to a virtual function of that RPC's name). Adding an action: a row here.
// A macro, because only a macro can make the names of those virtual functions.
#define LINTAS_REFERRAL_ACTION_RPCS(X)               \
  X(Acknowledge, kReferralAcknowledge, kAcknowledge) \
  X(Accept, kReferralAccept, kAccept)                \
  X(Reject, kReferralReject, kReject)                \
  X(Start, kReferralStart, kStart)                   \
  X(Hold, kReferralHold, kHold)                      \
  X(Resume, kReferralResume, kResume)                \
  X(Complete, kReferralComplete, kComplete)          \
  X(Fail, kReferralFail, kFail)                      \
  X(Cancel, kReferralCancel, kCancel)

// One row of the table: an RPC's method and the action it performs.
struct ReferralActionRpc {
  core::Method method;
  core::ReferralAction action;
};

#define LINTAS_REFERRAL_ACTION_ROW(rpc, method, action) \
  ReferralActionRpc{core::Method::method, core::ReferralAction::action},
inline constexpr std::array kReferralActions{
    LINTAS_REFERRAL_ACTION_RPCS(LINTAS_REFERRAL_ACTION_ROW)};
#undef LINTAS_REFERRAL_ACTION_ROW

namespace internal {

// Every action but kUnspecified (1..9) is served by exactly one RPC, and no method twice.
constexpr bool EachActionOnce() {
  constexpr int kLastAction = static_cast<int>(core::ReferralAction::kCancel);
  if (kReferralActions.size() != static_cast<std::size_t>(kLastAction)) return false;
  for (int a = 1; a <= kLastAction; ++a) {
    int rows = 0;
    for (const ReferralActionRpc& row : kReferralActions)
      rows += static_cast<int>(row.action) == a ? 1 : 0;
    if (rows != 1) return false;
  }
  for (std::size_t i = 0; i < kReferralActions.size(); ++i) {
    for (std::size_t j = i + 1; j < kReferralActions.size(); ++j) {
      if (kReferralActions[i].method == kReferralActions[j].method) return false;
    }
  }
  return true;
}
static_assert(EachActionOnce(), "each referral action needs exactly one RPC row");

}  // namespace internal

}  // namespace lintas::referral
