#include "tests/e2e/test_certs.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace lintas::testing {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Free>;

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string KeyPem(EVP_PKEY* key) {
  Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return BioText(bio.get());
}

std::string CertPem(X509* cert) {
  Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return BioText(bio.get());
}

Ptr<X509> ParseCert(const std::string& pem) {
  Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Ptr<X509>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

Ptr<EVP_PKEY> ParseKey(const std::string& pem) {
  Ptr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Ptr<EVP_PKEY>(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  Ptr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  ASSERT_NE(ext, nullptr) << value;
  ASSERT_EQ(X509_add_ext(cert, ext.get(), -1), 1) << value;
}

// A certificate for a fresh key, signed by `issuer_key` (itself when issuer is null).
PemPair Make(X509* issuer, EVP_PKEY* issuer_key, const std::string& cn, bool ca,
             const std::vector<std::string>& uri_sans, std::chrono::seconds not_before,
             std::chrono::seconds not_after) {
  Ptr<EVP_PKEY> key(EVP_EC_gen("P-256"));
  Ptr<X509> cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  Ptr<BIGNUM> bn(BN_bin2bn(serial, sizeof serial, nullptr));
  BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(not_before.count()));
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(not_after.count()));
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Lintas e2e"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (ca) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    AddExtension(cert.get(), signer, NID_ext_key_usage, "clientAuth");
    std::string sans;
    for (const std::string& uri : uri_sans)
      sans += (sans.empty() ? "URI:" : ",URI:") + uri;
    if (sans.empty()) sans = "DNS:" + cn;  // some SAN, but no SPIFFE ID
    AddExtension(cert.get(), signer, NID_subject_alt_name, sans);
  }
  AddExtension(cert.get(), signer, NID_subject_key_identifier, "hash");
  EXPECT_GT(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key.get(), EVP_sha256()), 0);
  return {CertPem(cert.get()), KeyPem(key.get())};
}

}  // namespace

PemPair TestCerts::MakeCa(const std::string& common_name) {
  return Make(nullptr, nullptr, common_name, true, {}, -std::chrono::hours(1),
              std::chrono::hours(24));
}

PemPair TestCerts::MakeClient(const PemPair& ca, const std::string& common_name,
                              const std::vector<std::string>& uri_sans,
                              std::chrono::seconds not_before, std::chrono::seconds not_after) {
  Ptr<X509> issuer = ParseCert(ca.cert);
  Ptr<EVP_PKEY> issuer_key = ParseKey(ca.key);
  if (issuer == nullptr || issuer_key == nullptr) {
    ADD_FAILURE() << "cannot parse the CA";
    return {};
  }
  return Make(issuer.get(), issuer_key.get(), common_name, false, uri_sans, not_before, not_after);
}

std::string TestCerts::Fingerprint(const std::string& cert_pem) {
  Ptr<X509> cert = ParseCert(cert_pem);
  if (cert == nullptr) return "";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert.get(), EVP_sha256(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[md[i] >> 4]);
    hex.push_back(kHex[md[i] & 0xf]);
  }
  return hex;
}

}  // namespace lintas::testing
