#include "tools/lintasctl/enum_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace lintas::ctl {
namespace {

// Proto style guarantees every value starts with the enum's name in SCREAMING_SNAKE_CASE plus
// "_" (CATEGORY_, REPORTER_MODE_); we derive it from the zero value instead of the type name so
// that an enum breaking the convention still works.
std::string ValuePrefix(const google::protobuf::EnumDescriptor& type) {
  const google::protobuf::EnumValueDescriptor* zero = type.FindValueByNumber(0);
  if (zero == nullptr) return "";
  const std::string& name = zero->name();
  constexpr absl::string_view kUnspecified = "UNSPECIFIED";
  if (!absl::EndsWith(name, kUnspecified)) return "";
  return name.substr(0, name.size() - kUnspecified.size());
}

}  // namespace

std::string ShortEnumName(const google::protobuf::EnumDescriptor& type, int value) {
  const google::protobuf::EnumValueDescriptor* v = type.FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  std::string name = v->name();
  const std::string prefix = ValuePrefix(type);
  if (absl::StartsWith(name, prefix)) name.erase(0, prefix.size());
  absl::AsciiStrToLower(&name);
  absl::StrReplaceAll({{"_", "-"}}, &name);
  return name;
}

std::vector<std::string> ShortEnumNames(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    const int number = type.value(i)->number();
    if (number != 0) names.push_back(ShortEnumName(type, number));
  }
  return names;
}

absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor& type,
                                  absl::string_view text, absl::string_view flag) {
  std::string key(absl::StripAsciiWhitespace(text));
  absl::AsciiStrToUpper(&key);
  absl::StrReplaceAll({{"-", "_"}, {" ", "_"}}, &key);
  const std::string prefix = ValuePrefix(type);
  const google::protobuf::EnumValueDescriptor* v = type.FindValueByName(key);
  if (v == nullptr && !absl::StartsWith(key, prefix)) v = type.FindValueByName(prefix + key);
  if (v == nullptr || v->number() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": unknown value \"", text,
                     "\"; expected one of: ", absl::StrJoin(ShortEnumNames(type), ", ")));
  }
  return v->number();
}

}  // namespace lintas::ctl
