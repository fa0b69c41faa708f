#include "adapters/http/webhook_sender.h"

#include <httplib.h>

#include <charconv>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "adapters/http/webhook_signer.h"
#include "core/util/string_view.h"

namespace lintas::http {

absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url) {
  WebhookUrl out;
  const size_t scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string_view::npos
                                 ? std::string()
                                 : absl::AsciiStrToLower(AsAbsl(url.substr(0, scheme_end)));
  if (scheme == "https") {
    out.https = true;
    out.port = 443;
  } else if (scheme != "http") {
    return absl::InvalidArgumentError("webhook URL must start with https:// or http://");
  }
  url.remove_prefix(scheme_end + 3);
  if (url.find('#') != std::string_view::npos) {
    return absl::InvalidArgumentError("webhook URL must not have a fragment");
  }
  const size_t path_start = url.find_first_of("/?");
  std::string_view authority = url.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    const std::string_view rest = url.substr(path_start);
    out.path = rest.front() == '?' ? absl::StrCat("/", AsAbsl(rest)) : std::string(rest);
  }
  if (authority.find('@') != std::string_view::npos) {
    // Credentials in a URL end up in logs; agencies authenticate us by the signature instead.
    return absl::InvalidArgumentError("webhook URL must not carry user info");
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return absl::InvalidArgumentError("bad IPv6 host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return absl::InvalidArgumentError("bad webhook URL host");
      port_text = rest.substr(1);
      if (port_text.empty()) return absl::InvalidArgumentError("bad webhook URL port");
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return absl::InvalidArgumentError("bad webhook URL port");
    }
  }
  if (out.host.empty()) return absl::InvalidArgumentError("webhook URL has no host");
  if (!port_text.empty()) {
    int port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return absl::InvalidArgumentError("bad webhook URL port");
    }
    out.port = port;
  }
  return out;
}

absl::Status WebhookSender::Send(std::string_view url, std::string_view secret,
                                 std::string_view document, core::Timestamp now) const {
  absl::StatusOr<WebhookUrl> target = ParseWebhookUrl(url);
  if (!target.ok()) return target.status();
  absl::StatusOr<std::string> signature = WebhookSigner::Sign(secret, now, document);
  if (!signature.ok()) return signature.status();

  // The scheme-host-port form is the one that gives an SSL client for https.
  const bool v6 = target->host.find(':') != std::string::npos;
  httplib::Client client(absl::StrCat(target->https ? "https://" : "http://", v6 ? "[" : "",
                                      target->host, v6 ? "]" : "", ":", target->port));
  if (!client.is_valid()) return absl::InvalidArgumentError("webhook URL has a bad host");
  if (target->https) {
    client.enable_server_certificate_verification(true);
    if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file);
  }
  client.set_connection_timeout(options_.connect_timeout);
  client.set_read_timeout(options_.read_timeout);
  client.set_write_timeout(options_.write_timeout);
  // A redirect could send a signed document to a host the agency never registered.
  client.set_follow_location(false);
  const httplib::Headers headers = {
      {WebhookSigner::kHeaderName, *signature},
      {"User-Agent", "lintas-webhook/1"},
  };
  const std::string where = absl::StrCat(target->host, ":", target->port);
  httplib::Result result =
      client.Post(target->path, headers, document.data(), document.size(), kContentType);
  if (!result) {
    return absl::UnavailableError(
        absl::StrCat("webhook ", where, " unreachable: ", httplib::to_string(result.error())));
  }
  const int status = result->status;
  if (status >= 200 && status < 300) return absl::OkStatus();
  if (status >= 500 || status == 429 || status == 408) {
    return absl::UnavailableError(absl::StrCat("webhook ", where, " answered ", status));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("webhook ", where, " refused the delivery with ", status));
}

}  // namespace lintas::http
