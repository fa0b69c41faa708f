#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "core/domain/case.h"
#include "core/sla/deadline_spec.h"
#include "core/sla/working_calendar.h"

namespace lintas::core {

// When a referral made at `from` must be acknowledged. Working-day deadlines end at 00:00 local
// time after the last working day (exclusive); see WorkingCalendar.
inline Timestamp DueAt(Timestamp from, const Deadline& d, const WorkingCalendar& cal) {
  switch (d.unit) {
    case Deadline::Unit::kWorkingDays:
      return cal.AddWorkingDays(from, d.amount);
    case Deadline::Unit::kHours:
      return cal.AddHours(from, d.amount);
    case Deadline::Unit::kMinutes:
      return cal.AddMinutes(from, d.amount);
  }
  // An out-of-range unit (a bad cast) gets the stricter reading rather than none.
  return cal.AddHours(from, d.amount);
}

// The one place that says a deadline's end is exclusive: due at exactly `due`, not a tick later.
inline bool IsDue(Timestamp due, Timestamp now) {
  return now >= due;
}

struct ScheduledDeadline {
  std::string key;  // the referral it belongs to
  Timestamp due{};
};

// The keys whose deadline has passed at `now`, oldest deadline first (ties keep input order), so a
// worker that can only handle some of them this round escalates the longest-waiting first.
inline std::vector<std::string> DueKeys(std::span<const ScheduledDeadline> scheduled,
                                        Timestamp now) {
  std::vector<const ScheduledDeadline*> due;
  for (const ScheduledDeadline& s : scheduled) {
    if (IsDue(s.due, now)) due.push_back(&s);
  }
  std::stable_sort(
      due.begin(), due.end(),
      [](const ScheduledDeadline* a, const ScheduledDeadline* b) { return a->due < b->due; });
  std::vector<std::string> keys;
  keys.reserve(due.size());
  for (const ScheduledDeadline* s : due)
    keys.push_back(s->key);
  return keys;
}

}  // namespace lintas::core
