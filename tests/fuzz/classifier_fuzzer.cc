// libs/refdata Classifier::Parse: classifier-topics.csv and territories.csv
// (an input is both, separated by a line "%%"), then the lookups over the
// tree it built, and the topic-code helpers on any text.
#include <cstddef>
#include <cstdint>

#include "contactcenter/refdata/classifier.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace contactcenter;
  const std::vector<std::string> parts = fuzz::SplitParts(fuzz::AsText(data, size), 2);
  for (const std::string& p : parts) {
    const int depth = refdata::TopicDepth(p);
    CC_FUZZ_CHECK(depth >= 0, "a topic depth is not negative");
    CC_FUZZ_CHECK(refdata::TopicCovers("*", p), "\"*\" covers every topic");
    (void)refdata::TopicCovers(p, parts[0]);
  }
  absl::StatusOr<refdata::Classifier> c = refdata::Classifier::Parse(parts[0], parts[1]);
  if (!c.ok()) return 0;
  for (const auto& [code, topic] : c->topics()) {
    CC_FUZZ_CHECK(c->FindTopic(code) == &topic, "every topic is found by its code");
    CC_FUZZ_CHECK(refdata::TopicCovers(code, code), "a topic covers itself");
  }
  for (const auto& [code, t] : c->territories()) {
    CC_FUZZ_CHECK(c->FindTerritory(code) == &t, "every territory is found by its code");
    CC_FUZZ_CHECK(c->IsWithin(code, code), "a territory lies within itself");
    if (!t.parent.empty()) {
      CC_FUZZ_CHECK(c->FindTerritory(t.parent) != nullptr, "a parent is a known territory");
      CC_FUZZ_CHECK(c->IsWithin(code, t.parent), "a territory lies within its parent");
      CC_FUZZ_CHECK(!c->IsWithin(t.parent, code), "a parent does not lie within its child");
    }
  }
  return 0;
}
