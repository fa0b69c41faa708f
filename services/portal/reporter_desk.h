#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/conversation/reporter_conversation.h"
#include "core/domain/agency.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/field_cipher.h"
#include "services/common/audit_trail.h"
#include "services/common/conversation_reader.h"

namespace lintas::portal {

// The reporter's side of the conversation (docs/portal.md), for /cek once the tracking code was
// found: read the messages of the case, add one. Blocking (the portal's handler threads wait for
// Redis). Both are audited as the portal agency, under the ConversationService methods: a read
// answers only once its entry is durable (fail closed), as an agency's list does.
class ReporterDesk {
 public:
  struct Deps {
    core::CaseStore& store;
    services::ConversationReader& reader;
    const core::KeyedHasher& hasher;
    const core::Clock& clock;
    const services::AuditTrail& audit;
    const core::Agency& agency;  // the portal's
  };
  explicit ReporterDesk(Deps deps) : deps_(deps) {}

  // The case's messages, oldest first; UNAVAILABLE when the read could not be audited.
  absl::StatusOr<std::vector<core::ConversationMessage>> Show(std::string_view case_id) const;

  // Adds the reporter's `text` to the case. "" when it is stored (or was already, from this same
  // form: `form_token` names it), else the message catalogue's key of what is wrong with it
  // ("pesan.empty", "pesan.long", "pesan.invalid", "pesan.limit"). An error status for the store.
  absl::StatusOr<std::string> Add(std::string_view case_id, std::string_view text,
                                  std::string_view form_token) const;

 private:
  Deps deps_;
};

}  // namespace lintas::portal
