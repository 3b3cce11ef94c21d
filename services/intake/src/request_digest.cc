#include "request_digest.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace contactcenter::intake {

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
