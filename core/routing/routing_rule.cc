#include "core/routing/routing_rule.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/domain/region_directory.h"

namespace lintas::core {
namespace {

constexpr std::array<std::pair<Category, std::string_view>, 8> kCategoryNames{{
    {Category::kNonProceduralDeparture, "non_procedural_departure"},
    {Category::kTrafficking, "trafficking"},
    {Category::kIllegalRecruitment, "illegal_recruitment"},
    {Category::kStrandedOrAbusedAbroad, "stranded_or_abused_abroad"},
    {Category::kDeceasedRepatriation, "deceased_repatriation"},
    {Category::kDocumentFraud, "document_fraud"},
    {Category::kWageOrContractDispute, "wage_or_contract_dispute"},
    {Category::kOther, "other"},
}};

constexpr std::array<std::pair<Severity, std::string_view>, 4> kSeverityNames{{
    {Severity::kLow, "low"},
    {Severity::kMedium, "medium"},
    {Severity::kHigh, "high"},
    {Severity::kCritical, "critical"},
}};

constexpr std::array<std::pair<Channel, std::string_view>, 6> kChannelNames{{
    {Channel::kAgencySystem, "agency_system"},
    {Channel::kHotline, "hotline"},
    {Channel::kPublicWeb, "public_web"},
    {Channel::kChurch, "church"},
    {Channel::kVillage, "village"},
    {Channel::kWalkIn, "walk_in"},
}};

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
bool ParseIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name,
             E& out) {
  for (const auto& [v, n] : table) {
    if (n == name) {
      out = v;
      return true;
    }
  }
  return false;
}

template <typename E, std::size_t N>
std::vector<std::string_view> NamesIn(const std::array<std::pair<E, std::string_view>, N>& table) {
  std::vector<std::string_view> names;
  for (const auto& entry : table)
    names.push_back(entry.second);
  return names;
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

template <typename T>
bool AnyOf(const std::vector<T>& allowed, const T& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace

bool HasNamedReportedPerson(const Case& c) {
  return std::any_of(c.reported_persons.begin(), c.reported_persons.end(),
                     [](const ReportedPerson& p) { return !IsBlank(p.name) || !IsBlank(p.phone); });
}

bool Matches(const RuleMatch& match, const Case& c) {
  if (!AnyOf(match.categories, c.category)) return false;
  // An unspecified or unknown severity meets no minimum: it says nothing about urgency.
  if (match.min_severity && (!IsKnown(c.severity) ||
                             static_cast<int>(c.severity) < static_cast<int>(*match.min_severity)))
    return false;
  if (!match.region_prefixes.empty() &&
      std::none_of(match.region_prefixes.begin(), match.region_prefixes.end(),
                   [&](const std::string& p) { return RegionDirectory::Covers(p, c.region_code); }))
    return false;
  if (!AnyOf(match.channels, c.channel)) return false;
  if (match.reported_persons_named && *match.reported_persons_named != HasNamedReportedPerson(c))
    return false;
  if (match.victim_needs_support && *match.victim_needs_support != c.subject.needs_support)
    return false;
  return true;
}

bool IsRuleId(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '-' || id.back() == '-') return false;
  char prev = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

std::string_view CategoryName(Category c) {
  return NameIn(kCategoryNames, c);
}
bool ParseCategory(std::string_view name, Category& out) {
  return ParseIn(kCategoryNames, name, out);
}
std::string_view SeverityName(Severity s) {
  return NameIn(kSeverityNames, s);
}
bool ParseSeverity(std::string_view name, Severity& out) {
  return ParseIn(kSeverityNames, name, out);
}
std::string_view ChannelName(Channel c) {
  return NameIn(kChannelNames, c);
}
bool ParseChannel(std::string_view name, Channel& out) {
  return ParseIn(kChannelNames, name, out);
}

std::vector<std::string_view> CategoryNames() {
  return NamesIn(kCategoryNames);
}
std::vector<std::string_view> SeverityNames() {
  return NamesIn(kSeverityNames);
}
std::vector<std::string_view> ChannelNames() {
  return NamesIn(kChannelNames);
}

}  // namespace lintas::core
