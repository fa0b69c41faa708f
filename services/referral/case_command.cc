#include "services/referral/case_command.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

namespace lintas::referral {
namespace {

void ApplyChange(core::CaseStore& store, std::shared_ptr<const core::CaseChange> change,
                 core::Callback<core::CaseChange> done) {
  store.Apply(*change, /*effect_token=*/"",
              [change, done = std::move(done)](absl::StatusOr<bool> applied) mutable {
                if (!applied.ok()) return std::move(done)(applied.status());
                std::move(done)(*change);
              });
}

}  // namespace

std::string_view LogId(std::string_view id) {
  constexpr std::size_t kMaxLoggedId = 64;
  const bool clean =
      !id.empty() && id.size() <= kMaxLoggedId && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
      });
  return clean ? id : std::string_view("<malformed>");
}

void RunCaseCommand(core::CaseStore& store, std::string_view case_id, absl::Status not_found,
                    Decide decide, Vet vet, core::Callback<core::CaseChange> done) {
  store.Get(case_id, [&store, not_found = std::move(not_found), decide = std::move(decide),
                      vet = std::move(vet),
                      done = std::move(done)](absl::StatusOr<core::Case> c) mutable {
    if (!c.ok()) {
      return std::move(done)(c.status().code() == absl::StatusCode::kNotFound ? not_found
                                                                              : c.status());
    }
    absl::StatusOr<core::CaseChange> decided = std::move(decide)(*c);
    if (!decided.ok()) return std::move(done)(decided.status());
    // Shared: the vet callback and the apply callback both need it after this frame is gone.
    auto change = std::make_shared<const core::CaseChange>(*std::move(decided));
    if (!vet) return ApplyChange(store, std::move(change), std::move(done));
    std::move(vet)(*change, [&store, change, done = std::move(done)](absl::Status ok) mutable {
      if (!ok.ok()) return std::move(done)(std::move(ok));
      ApplyChange(store, std::move(change), std::move(done));
    });
  });
}

}  // namespace lintas::referral
