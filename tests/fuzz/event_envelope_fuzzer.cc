// A stream entry's envelope as Redis could hold it (damaged, truncated, from another version):
// decoding must give an event or an error, never crash; both decoders must agree on which.
#include <cstdint>
#include <cstdlib>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/key_ring.h"
#include "adapters/redis/case_codec.h"
#include "adapters/redis/event_codec.h"
#include "google/protobuf/stubs/logging.h"
#include "lintas/v1/envelope.pb.h"

namespace {

const lintas::redis::CaseCodec& Codec() {
  static lintas::crypto::KeyRing* const ring = [] {
    auto* r = new lintas::crypto::KeyRing();
    lintas::crypto::Key256 key{};
    key.fill(0x5a);
    if (!r->Add("fuzz-1", key).ok()) std::abort();
    return r;
  }();
  static auto* const cipher = new lintas::crypto::AesGcmFieldCipher(*ring);
  static auto* const codec = new lintas::redis::CaseCodec(*cipher);
  return *codec;
}

}  // namespace

// Invalid UTF-8 in a string field is a parse failure that protobuf also logs; thousands of such
// lines a second would bury the fuzzer's own output.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lintas::v1::EventEnvelope envelope;
  if (!envelope.ParseFromArray(data, static_cast<int>(size))) return 0;
  const auto with_key = lintas::redis::DecodeEvent(envelope, Codec());
  const auto without = lintas::redis::DecodeEventWithoutFreeText(envelope);
  // Whatever does not parse without the key does not parse with it either.
  if (!without.ok() && with_key.ok()) std::abort();
  return 0;
}
