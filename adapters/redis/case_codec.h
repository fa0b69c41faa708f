#pragma once

#include "absl/status/statusor.h"
#include "core/domain/case.h"
#include "core/ports/field_cipher.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas::redis {

// core::Case <-> lintas.v1.CaseRecord, sealing every personal field on the way out and opening
// it on the way in. Each field's associated data is "<case id>/<field path>" (for example
// "01J...-07/subject.nik"), so a ciphertext moved to another case or another field fails to
// open instead of showing up in the wrong place.
class CaseCodec {
 public:
  explicit CaseCodec(core::FieldCipher& cipher) : cipher_(cipher) {}

  absl::StatusOr<v1::CaseRecord> Seal(const core::Case& c) const;
  absl::StatusOr<core::Case> Open(const v1::CaseRecord& record) const;
  // A referral alone (events carry one); its free text is bound to "<case id>/referrals[<id>]".
  absl::StatusOr<v1::ReferralRecord> SealReferral(const core::Referral& referral) const;
  absl::StatusOr<core::Referral> OpenReferral(const v1::ReferralRecord& record) const;
  // An enforcement action alone; its note is bound to
  // "<case id>/enforcement[<referral id>@<reported at ms>].note", which never changes.
  absl::StatusOr<v1::EnforcementActionRecord> SealEnforcementAction(
      const core::EnforcementAction& action) const;
  absl::StatusOr<core::EnforcementAction> OpenEnforcementAction(
      const v1::EnforcementActionRecord& record) const;
  // Seals or opens one free-text field of a case under `<case id>/<field>` (event payloads).
  absl::StatusOr<std::string> SealText(std::string_view case_id, std::string_view field,
                                       std::string_view text) const;
  absl::StatusOr<std::string> OpenText(std::string_view case_id, std::string_view field,
                                       std::string_view sealed) const;

 private:
  core::FieldCipher& cipher_;
};

}  // namespace lintas::redis
