#include "request_digest.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace contactcenter::intake {

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // Fails only when libcrypto cannot work at all (no memory, no provider);
  // comparing retries by anything weaker would be silently wrong.
  if (EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr) != 1) {
    std::fprintf(stderr, "fatal: SHA-256 is not available from libcrypto\n");
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string DeterministicBytes(const google::protobuf::Message& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
    coded.Trim();
  }
  return out;
}

std::string RequestDigest(const google::protobuf::Message& m) {
  return Sha256(DeterministicBytes(m));
}

}  // namespace contactcenter::intake
