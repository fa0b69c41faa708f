#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lintas::testing {

// A certificate and its private key, both PEM.
struct PemPair {
  std::string cert;
  std::string key;
};

// Certificates the OpenSSL CLI cannot make in one line (an expired one: `openssl x509 -days`
// cannot go negative in OpenSSL 3.0), made with OpenSSL's C API. EC P-256 keys, SHA-256.
class TestCerts {
 public:
  // A self-signed CA.
  static PemPair MakeCa(const std::string& common_name);
  // A client certificate signed by `ca`, valid from `not_before` to `not_after` relative to now,
  // with the given URI SANs (none: a certificate without a SPIFFE ID).
  static PemPair MakeClient(const PemPair& ca, const std::string& common_name,
                            const std::vector<std::string>& uri_sans,
                            std::chrono::seconds not_before = -std::chrono::hours(1),
                            std::chrono::seconds not_after = std::chrono::hours(24));
  // SHA-256 over the certificate's DER, lower-case hex (what server.tls.revoked_certificates
  // lists).
  static std::string Fingerprint(const std::string& cert_pem);
};

}  // namespace lintas::testing
