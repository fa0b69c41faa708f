#include "services/common/audit_trail.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::services {
namespace {

// A case id comes from the request; the entry keeps at most this much of it.
constexpr std::size_t kMaxCaseIdBytes = 128;

void AddIf(std::vector<std::string>& out, const std::string& value, std::string path) {
  if (!value.empty()) out.push_back(std::move(path));
}

// Joins the completions of a call's entries into one answer, given when the last arrives.
class ReadJoin {
 public:
  ReadJoin(std::size_t count, AuditTrail::Then then) : left_(count), then_(std::move(then)) {}

  void Arrive(const absl::Status& written) {
    if (!written.ok()) failed_.store(true, std::memory_order_relaxed);
    // acq_rel: the last to arrive sees every failure stored before the others' decrements.
    if (left_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    std::move(then_)(failed_.load(std::memory_order_relaxed) ? AuditUnavailable()
                                                             : absl::OkStatus());
  }

 private:
  std::atomic<std::size_t> left_;
  std::atomic<bool> failed_{false};
  AuditTrail::Then then_;
};

}  // namespace

void AuditTrail::RecordReadsThen(const grpcx::Caller& caller, core::Method method,
                                 const std::vector<AuditNote>& notes, Then then) const {
  if (notes.empty()) return std::move(then)(absl::OkStatus());
  auto join = std::make_shared<ReadJoin>(notes.size(), std::move(then));
  for (const AuditNote& note : notes) {
    log_.Record(Entry(caller, method, note.case_id, note.fields, note.outcome),
                [join](absl::Status written) { join->Arrive(written); });
  }
}

absl::Status AuditTrail::RecordReads(const grpcx::Caller& caller, core::Method method,
                                     const std::vector<AuditNote>& notes) const {
  struct Answer {
    std::mutex mu;
    std::condition_variable cv;
    std::optional<absl::Status> status;
  };
  auto answer = std::make_shared<Answer>();
  RecordReadsThen(caller, method, notes, [answer](absl::Status status) {
    {
      std::lock_guard lock(answer->mu);
      answer->status = std::move(status);
    }
    answer->cv.notify_one();
  });
  // Bounded: the log answers every entry within its max_wait plus one append.
  std::unique_lock lock(answer->mu);
  answer->cv.wait(lock, [&] { return answer->status.has_value(); });
  return *std::move(answer->status);
}

void AuditTrail::RecordCommand(const grpcx::Caller& caller, core::Method method,
                               std::string_view case_id,
                               const std::vector<std::string>& fields_returned,
                               const absl::Status& outcome) const {
  // A refusal is counted and logged by the log; the command took effect, so the answer stands.
  (void)log_.Record(Entry(caller, method, case_id, fields_returned, outcome));
}

core::audit::AuditEntry AuditTrail::Entry(const grpcx::Caller& caller, core::Method method,
                                          std::string_view case_id,
                                          const std::vector<std::string>& fields_returned,
                                          const absl::Status& outcome) const {
  core::audit::AuditEntry entry;
  entry.agency = caller.agency->id;
  entry.cert_fingerprint = caller.cert_fingerprint;
  entry.method = std::string(core::MethodName(method));
  entry.case_id = std::string(case_id.substr(0, kMaxCaseIdBytes));
  // Paths are ours and never hold a comma; should one ever, it must not split into two.
  std::vector<std::string> fields = fields_returned;
  for (std::string& f : fields) {
    for (char& c : f) {
      if (c == ',') c = ';';
    }
  }
  core::audit::JoinFields(fields, entry.fields);
  entry.outcome = AsStd(absl::StatusCodeToString(outcome.code()));
  entry.time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
          .count();
  return entry;
}

absl::Status AuditUnavailable() {
  return absl::UnavailableError(
      "the audit trail cannot record this read right now; no personal data is returned without "
      "it. Retry shortly");
}

std::vector<std::string> PersonalFieldsOf(const core::Referral& r) {
  std::vector<std::string> out;
  AddIf(out, r.reason, absl::StrCat("referrals[", r.id, "].reason"));
  AddIf(out, r.outcome, absl::StrCat("referrals[", r.id, "].outcome"));
  return out;
}

}  // namespace lintas::services
