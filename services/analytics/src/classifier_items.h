// The rows of the classifier of citizens' appeals (CMU resolution 858 of
// 24.09.2008, section I "Характеристика звернення" and item 9, results),
// named in Ukrainian as the classifier names them, and how each row is made
// of our enum values. Rows the classifier has and our cards cannot say
// (e.g. "Телеграма") are kept with no values: the form lists every item.
// Rows marked `practice` are not the classifier's: the center adds them
// (the Government Contact Center apart, the hotline, the web form).
#pragma once

#include <string>
#include <vector>

namespace contactcenter::analytics {

struct ClassifierItem {
  std::string code;   // "1.1", "2.3", ...
  std::string name;   // as the classifier words it
  std::vector<int> values;  // enum values counted in this row
  bool practice = false;
};

struct ClassifierSection {
  std::string section;  // "I.1" ... "I.9"
  std::string code;     // "1"
  std::string name;     // "За формою надходження"
  // The report dimension whose values the items count (see dimensions.h).
  std::string dimension;
  std::vector<ClassifierItem> items;
};

// Section I items 1 to 9, in the classifier's order.
const std::vector<ClassifierSection>& ClassifierSections();

// The Ukrainian label of one enum value of a dimension ("channel",
// "attribute", ...): the classifier's name where it has one, else the
// enum's name. Empty for a dimension without enum values.
std::string EnumLabel(const std::string& dimension, int value);

}  // namespace contactcenter::analytics
