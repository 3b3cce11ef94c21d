#include "contactcenter/digest/sha256.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace contactcenter::digest {

std::string Sha256(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr) != 1) {
    std::fprintf(stderr, "fatal: SHA-256 is not available from libcrypto\n");
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace contactcenter::digest
