// routing's directory import: executors.csv and competence-rules.csv, and
// optionally the classifier's topics and territories a version carries
// (an input is the four separated by lines "%%"; without the last two, the
// reference classifier). A directory that parses is used as routing uses it.
#include <cstddef>
#include <cstdint>

#include "contactcenter/refdata/classifier.h"
#include "directory.h"
#include "fuzz_input.h"

namespace {

using namespace contactcenter;

const refdata::Classifier& Reference() {
  static const auto* const c = [] {
    auto loaded = refdata::Classifier::LoadDir(CC_REFERENCE_DIR);
    CC_FUZZ_CHECK(loaded.ok(), "the reference classifier loads");
    return new refdata::Classifier(*std::move(loaded));
  }();
  return *c;
}

void Use(const routing::Directory& d) {
  // What routing writes back (a new version) parses to the same bodies.
  absl::StatusOr<routing::Directory> again =
      routing::Directory::Parse(d.ExecutorsCsv(), d.rules_csv(), d.classifier());
  CC_FUZZ_CHECK(again.ok(), "a directory's own executors.csv parses");
  CC_FUZZ_CHECK(d.Diff(*again).empty(), "a directory written out and read back is the same");
  CC_FUZZ_CHECK(d.Diff(d).empty(), "a directory does not differ from itself");

  std::vector<std::string> topics = {"*", "109", "106.012", ""};
  std::vector<std::string> territories = {"LG", "LG-SEV", ""};
  // The first rules' own places: enough to reach every branch, and quick.
  for (size_t i = 0; i < d.rules().size() && i < 6; ++i) {
    const routing::Rule& r = d.rules()[i];
    topics.push_back(r.topic);
    territories.push_back(r.territory);
  }
  for (const std::string& territory : territories) (void)d.Covering(territory);
  for (const std::string& topic : topics) {
    for (const std::string& territory : territories) {
      routing::Choice c = d.Decide(topic, territory);
      CC_FUZZ_CHECK(!c.reason.empty(), "a decision gives its reason");
      if (c.routed) CC_FUZZ_CHECK(d.FindExecutor(c.executor_id) != nullptr, "routed to a body");
      // A complaint about each body, and with each body having declined.
      for (const auto& [id, e] : d.executors()) {
        routing::AppealToRoute a;
        a.topic = topic;
        a.territory = territory;
        a.kind = common::v1::APPEAL_KIND_COMPLAINT;
        a.contested_executor_id = id;
        c = d.Decide(a);
        if (c.routed) CC_FUZZ_CHECK(c.executor_id != id, "a complaint avoids the contested body");
        a.kind = common::v1::APPEAL_KIND_STATEMENT;
        a.contested_executor_id.clear();
        a.excluded_executor_ids.insert(id);
        c = d.Decide(a);
        if (c.routed) CC_FUZZ_CHECK(c.executor_id != id, "a declined body is passed over");
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> parts = fuzz::SplitParts(fuzz::AsText(data, size), 4);
  const refdata::Classifier* classifier = &Reference();
  absl::StatusOr<refdata::Classifier> own;
  if (!parts[2].empty() || !parts[3].empty()) {
    own = refdata::Classifier::Parse(parts[2], parts[3]);
    if (!own.ok()) return 0;
    classifier = &*own;
  }
  (void)routing::IsValidDirectoryId(parts[0]);
  absl::StatusOr<routing::Directory> d = routing::Directory::Parse(parts[0], parts[1], *classifier);
  if (d.ok()) Use(*d);
  return 0;
}
