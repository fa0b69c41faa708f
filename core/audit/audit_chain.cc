#include "core/audit/audit_chain.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/util/string_view.h"

namespace lintas::core::audit {
namespace {

constexpr std::string_view kEncodingTag = "lintas audit entry v1";

void AppendField(std::string& out, std::string_view field) {
  std::uint64_t n = field.size();
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  }
  out.append(field);
}

std::string Describe(std::string_view entry_id, std::int64_t seq) {
  return absl::StrCat("entry ", AsAbsl(entry_id), " (seq ", seq, ")");
}

}  // namespace

bool JoinFields(const std::vector<std::string>& fields, std::string& out) {
  out.clear();
  for (const std::string& f : fields) {
    if (f.empty() || f.find(',') != std::string::npos) return false;
    if (!out.empty()) out.push_back(',');
    out.append(f);
  }
  return true;
}

std::vector<std::string> SplitFields(std::string_view fields) {
  std::vector<std::string> out;
  if (fields.empty()) return out;
  for (absl::string_view f : absl::StrSplit(AsAbsl(fields), ','))
    out.emplace_back(f);
  return out;
}

std::string CanonicalEncoding(const ChainedEntry& e) {
  std::string out;
  AppendField(out, kEncodingTag);
  AppendField(out, std::to_string(e.seq));
  AppendField(out, e.key_id);
  AppendField(out, e.prev);
  AppendField(out, e.data.agency);
  AppendField(out, e.data.cert_fingerprint);
  AppendField(out, e.data.method);
  AppendField(out, e.data.case_id);
  AppendField(out, e.data.fields);
  AppendField(out, e.data.outcome);
  AppendField(out, std::to_string(e.data.time_ms));
  return out;
}

absl::StatusOr<std::vector<ChainedEntry>> Extend(std::int64_t head_seq, std::string_view head_mac,
                                                 std::string_view key_id,
                                                 std::vector<AuditEntry> entries,
                                                 const MacFunction& mac) {
  std::vector<ChainedEntry> out;
  out.reserve(entries.size());
  std::string prev(head_seq == 0 ? kGenesis : head_mac);
  for (AuditEntry& data : entries) {
    ChainedEntry e;
    e.seq = ++head_seq;
    e.key_id = std::string(key_id);
    e.prev = prev;
    e.data = std::move(data);
    absl::StatusOr<std::string> m = mac(e.key_id, CanonicalEncoding(e));
    if (!m.ok()) return m.status();
    e.mac = *std::move(m);
    prev = e.mac;
    out.push_back(std::move(e));
  }
  return out;
}

std::string_view FindingKindName(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::kChanged:
      return "changed";
    case Finding::Kind::kRemoved:
      return "removed";
    case Finding::Kind::kReordered:
      return "reordered";
  }
  return "unknown";
}

void ChainVerifier::Add(std::string_view entry_id, const std::optional<ChainedEntry>& entry) {
  const std::int64_t position = 2 * ++entries_;  // a gap before it sorts at position - 1
  last_id_ = std::string(entry_id);
  if (!entry) {
    // Its seq cannot be trusted: assume it took the expected place, and do not hold the next
    // entry's link against it.
    findings_.emplace(position,
                      Finding{Finding::Kind::kChanged, std::string(entry_id), expected_seq_, 0,
                              absl::StrCat("entry ", AsAbsl(entry_id),
                                           " was changed: its fields are missing or malformed")});
    ++expected_seq_;
    prev_untrusted_ = true;
    return;
  }
  const ChainedEntry& e = *entry;
  bool changed = false;
  absl::StatusOr<std::string> mac = mac_(e.key_id, CanonicalEncoding(e));
  MacTally& tally = macs_by_key_[e.key_id];
  ++tally.entries;
  if (!mac.ok() || *mac != e.mac) ++tally.failed;
  if (!mac.ok()) {
    changed = true;
    findings_.emplace(position, Finding{Finding::Kind::kChanged, std::string(entry_id), e.seq, 0,
                                        absl::StrCat(Describe(entry_id, e.seq),
                                                     " cannot be checked: ", mac.status().message(),
                                                     " (changed key id, or the audit key is no "
                                                     "longer in the ring)")});
  } else if (*mac != e.mac) {
    changed = true;
    findings_.emplace(position,
                      Finding{Finding::Kind::kChanged, std::string(entry_id), e.seq, 0,
                              absl::StrCat(Describe(entry_id, e.seq),
                                           " was changed: its MAC does not match its content")});
  }

  if (e.seq == expected_seq_) {
    // A changed entry's link proves nothing; nor does one to an entry that was changed.
    if (!changed && !prev_untrusted_ && e.prev != prev_mac_) {
      findings_.emplace(
          position,
          Finding{Finding::Kind::kReordered, std::string(entry_id), e.seq, 0,
                  absl::StrCat(Describe(entry_id, e.seq),
                               " does not follow the entry before it: its prev is not that "
                               "entry's MAC (entries moved or replaced)")});
    }
  } else if (e.seq > expected_seq_) {
    gaps_.push_back({std::string(entry_id), position, expected_seq_, e.seq - 1});
  } else {
    // Belongs earlier: either it was moved (its seq left a gap) or it is a second copy.
    bool moved = false;
    for (std::size_t i = 0; i < gaps_.size(); ++i) {
      Gap& g = gaps_[i];
      if (e.seq < g.first || e.seq > g.last) continue;
      moved = true;
      Gap after = g;
      after.first = e.seq + 1;
      g.last = e.seq - 1;
      if (after.first <= after.last) gaps_.push_back(after);
      if (g.first > g.last) gaps_.erase(gaps_.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
    findings_.emplace(position,
                      Finding{Finding::Kind::kReordered, std::string(entry_id), e.seq, 0,
                              absl::StrCat(Describe(entry_id, e.seq),
                                           moved ? " is out of order: it comes after seq "
                                                 : " repeats an earlier seq: a copy, after seq ",
                                           expected_seq_ - 1)});
    return;  // the chain goes on from where it was
  }
  // A changed entry's seq is kept for ordering: tampering changes what an entry says far more
  // often than its number, and a wrong guess only adds a finding, never hides one.
  expected_seq_ = e.seq + 1;
  prev_mac_ = e.mac;
  prev_untrusted_ = changed;
}

std::vector<std::string> ChainVerifier::KeysFailingEveryMac() const {
  std::vector<std::string> keys;
  for (const auto& [key_id, tally] : macs_by_key_) {
    if (tally.entries > 0 && tally.failed == tally.entries) keys.push_back(key_id);
  }
  return keys;
}

std::vector<Finding> ChainVerifier::Finish(std::int64_t head_seq, std::string_view head_mac) {
  for (const Gap& g : gaps_) {
    findings_.emplace(
        g.position - 1,
        Finding{Finding::Kind::kRemoved, g.entry_id, g.first, g.last,
                g.first == g.last
                    ? absl::StrCat("entry seq ", g.first, " was removed (before entry ",
                                   AsAbsl(g.entry_id), ")")
                    : absl::StrCat("entries seq ", g.first, "..", g.last,
                                   " were removed (before entry ", AsAbsl(g.entry_id), ")")});
  }
  gaps_.clear();
  const std::int64_t last_seq = expected_seq_ - 1;
  const std::int64_t end = 2 * (entries_ + 1);
  if (head_seq == 0 && head_mac.empty()) {
    if (entries_ > 0) {
      findings_.emplace(end, Finding{Finding::Kind::kRemoved, "", 0, 0,
                                     absl::StrCat("the head record is missing, but the stream "
                                                  "holds ",
                                                  entries_, " entries")});
    }
  } else if (head_seq > last_seq) {
    findings_.emplace(end,
                      Finding{Finding::Kind::kRemoved, "", last_seq + 1, head_seq,
                              absl::StrCat("entries seq ", last_seq + 1, "..", head_seq,
                                           " were removed from the end: the head says ", head_seq,
                                           " entries, the stream ends at seq ", last_seq)});
  } else if (head_seq < last_seq) {
    findings_.emplace(
        end, Finding{Finding::Kind::kChanged, "", head_seq, 0,
                     absl::StrCat("the head says seq ", head_seq, " but the stream goes on to seq ",
                                  last_seq, ": entries were added past the head")});
  } else if (head_mac != prev_mac_) {
    findings_.emplace(2 * entries_,
                      Finding{Finding::Kind::kChanged, last_id_, last_seq, 0,
                              absl::StrCat(Describe(last_id_, last_seq),
                                           " is not the entry the head recorded: replaced")});
  }
  std::vector<Finding> out;
  out.reserve(findings_.size());
  for (auto& [position, f] : findings_)
    out.push_back(std::move(f));
  findings_.clear();
  return out;
}

}  // namespace lintas::core::audit
