// cc_person_keygen DIR: makes the key pair for person tokens, once:
// DIR/person_token.key (the gateway's signing seed, mode 600) and
// DIR/person_token.pub (the public key every service verifies with). Keeps
// an existing pair, so running it again changes nothing.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "contactcenter/auth/person_token.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: cc_person_keygen DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  const std::string key = dir + "/person_token.key", pub = dir + "/person_token.pub";
  if (std::filesystem::exists(key)) {
    absl::StatusOr<contactcenter::auth::PersonTokenSigner> s =
        contactcenter::auth::PersonTokenSigner::LoadFile(key);
    if (!s.ok()) {
      std::cerr << s.status().message() << "\n";
      return 1;
    }
    // The public key always matches the signing key, even if it was lost.
    std::ofstream(pub) << s->PublicKeyHex() << "\n";
    return 0;
  }
  contactcenter::auth::PersonKeyPair pair = contactcenter::auth::GeneratePersonKeyPair();
  const mode_t old = umask(077);
  std::ofstream(key + ".new") << pair.seed_hex << "\n";
  umask(old);
  std::ofstream(pub) << pair.public_hex << "\n";
  std::filesystem::rename(key + ".new", key);
  return 0;
}
