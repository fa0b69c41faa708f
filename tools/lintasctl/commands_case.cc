#include "tools/lintasctl/commands_case.h"

#include "CLI/App.hpp"
#include "CLI/Validators.hpp"
#include "absl/strings/str_cat.h"
#include "tools/lintasctl/case_file.h"
#include "tools/lintasctl/case_output.h"
#include "tools/lintasctl/error_printer.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/idempotency_key.h"

namespace lintas::ctl {
namespace {

constexpr char kGlobalsFooter[] =
    "Global options (--server, --agency, --timeout, --output) may also follow the command; see "
    "lintasctl --help.";

int PrintCallError(const grpc::Status& status, const GlobalOptions& globals, std::ostream& err) {
  for (const std::string& line : DescribeError(status, globals.Connection()))
    err << line << "\n";
  return kExitCallFailed;
}

// Codes after which the server may have written the case even though we saw no answer.
bool OutcomeUnknown(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::ABORTED:
      return true;
    default:
      return false;
  }
}

}  // namespace

SubmitCommand::SubmitCommand(CLI::App& app)
    : command_(app.add_subcommand("submit", "Submit a new case, from a JSON file or from flags")) {
  command_
      ->add_option("-f,--file", file_,
                   "lintas.v1.Case in the protobuf JSON mapping, e.g. "
                   "deploy/examples/trafficking-case.json; - reads standard input")
      ->type_name("FILE");
  command_
      ->add_option("-k,--idempotency-key", idempotency_key_,
                   "Makes retries safe: 8-128 characters of A-Z a-z 0-9 . _ : - "
                   "(default: a new random UUID, printed)")
      ->type_name("KEY")
      ->check(CLI::Validator(
          [](std::string& key) -> std::string {
            return IsValidIdempotencyKey(key) ? std::string()
                                              : "must be 8-128 characters of A-Z a-z 0-9 . _ : -";
          },
          "", "idempotency key"));
  AddCaseFlags(*command_, flags_);
  command_->footer(absl::StrCat(
      "Submitting again with the same --idempotency-key and the same case is safe: the server "
      "answers with the case it already has and writes nothing. The server checks region "
      "codes, NIKs and phone numbers and lists every problem it finds.\n",
      kGlobalsFooter));
}

bool SubmitCommand::parsed() const {
  return command_->parsed();
}

int SubmitCommand::Run(const GlobalOptions& globals, lintas::v1::IntakeService::StubInterface& stub,
                       std::ostream& out, std::ostream& err) const {
  lintas::v1::SubmitCaseRequest request;
  if (!file_.empty() && AnyCaseFlagSet(flags_)) {
    err << "error: --file cannot be combined with case flags such as --category; give one or "
           "the other\n";
    return kExitUsage;
  }
  if (!file_.empty()) {
    absl::StatusOr<lintas::v1::Case> c = ReadCaseFile(file_);
    if (!c.ok()) {
      err << "error: " << c.status().message() << "\n";
      return kExitUsage;
    }
    *request.mutable_case_() = *std::move(c);
  } else if (AnyCaseFlagSet(flags_)) {
    absl::StatusOr<lintas::v1::Case> c = CaseFromFlags(flags_);
    if (!c.ok()) {
      err << "error: " << c.status().message() << "\n";
      return kExitUsage;
    }
    *request.mutable_case_() = *std::move(c);
  } else {
    err << "error: give the case with --file FILE or with flags such as --category; see "
           "lintasctl submit --help\n";
    return kExitUsage;
  }

  const bool generated_key = idempotency_key_.empty();
  if (generated_key) {
    absl::StatusOr<std::string> key = NewIdempotencyKey();
    if (!key.ok()) {
      err << "error: " << key.status().message() << "\n";
      return kExitCallFailed;
    }
    request.set_idempotency_key(*key);
    // Printed before the call: when the answer is lost, this is what makes a retry safe.
    err << "idempotency key: " << *key << " (to retry this submission, pass --idempotency-key "
        << *key << ")\n";
  } else {
    request.set_idempotency_key(idempotency_key_);
  }

  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  lintas::v1::SubmitCaseResponse response;
  const grpc::Status status = stub.SubmitCase(&context, request, &response);
  if (!status.ok()) {
    PrintCallError(status, globals, err);
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
      err << "  this idempotency key was already used with different content; a new case needs a "
             "new key\n";
    } else if (generated_key && OutcomeUnknown(status.error_code())) {
      err << "  the case may or may not have been recorded; retry with --idempotency-key "
          << request.idempotency_key() << " so that it is not recorded twice\n";
    }
    return kExitCallFailed;
  }
  out << (globals.output == OutputFormat::kJson ? ToJson(response, true)
                                                : FormatSubmitText(response));
  return kExitOk;
}

GetCommand::GetCommand(CLI::App& app)
    : command_(app.add_subcommand("get", "Show one case as your agency may see it")) {
  command_->add_option("CASE_ID", case_id_, "Case id, e.g. 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07")
      ->type_name("")
      ->required();
  command_->footer(absl::StrCat(
      "Fields your agency may not see are left out. A case that does not exist and one your "
      "agency may not see both give NOT_FOUND, so that case ids reveal nothing.\n",
      kGlobalsFooter));
}

bool GetCommand::parsed() const {
  return command_->parsed();
}

int GetCommand::Run(const GlobalOptions& globals, lintas::v1::IntakeService::StubInterface& stub,
                    std::ostream& out, std::ostream& err) const {
  lintas::v1::GetCaseRequest request;
  request.set_case_id(case_id_);
  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  lintas::v1::Case response;
  const grpc::Status status = stub.GetCase(&context, request, &response);
  if (!status.ok()) return PrintCallError(status, globals, err);
  out << (globals.output == OutputFormat::kJson ? ToJson(response, false)
                                                : FormatCaseText(response));
  return kExitOk;
}

}  // namespace lintas::ctl
