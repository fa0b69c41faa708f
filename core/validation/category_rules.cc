#include "core/validation/category_rules.h"

namespace lintas::core::validation {
namespace {

constexpr CategoryRule kCategoryRules[] = {
    // Whom to trace, and which village government to involve in prevention / return.
    {Category::kNonProceduralDeparture, "non-procedural departure", kSubjectName | kHomeRegion},
    // The police need to know who the victim is.
    {Category::kTrafficking, "trafficking", kSubjectName},
    // A report about a calo is about the recruiter: the recruited may not be known yet.
    {Category::kIllegalRecruitment, "illegal recruitment", kReportedPerson},
    // Help abroad needs the person and the country (which embassy or consulate to ask).
    {Category::kStrandedOrAbusedAbroad, "stranded or abused abroad", kSubjectName | kDestination},
    // A body comes home: who, from which country, to which home village.
    {Category::kDeceasedRepatriation, "deceased repatriation",
     kSubjectName | kDestination | kHomeRegion},
    // Documents are checked against a person.
    {Category::kDocumentFraud, "document fraud", kSubjectName},
    // A dispute is with an employer in some country, about some worker.
    {Category::kWageOrContractDispute, "wage or contract dispute", kSubjectName | kDestination},
    // Anything else: the common fields only.
    {Category::kOther, "other", kNothingMore},
};

}  // namespace

const CategoryRule* RuleFor(Category category) {
  for (const auto& rule : kCategoryRules) {
    if (rule.category == category) return &rule;
  }
  return nullptr;  // unspecified or unknown: reported on its own, no per-category needs
}

}  // namespace lintas::core::validation
