// The console's static files (services/gateway/console/), compiled into the
// binary by EmbedConsole.cmake: name ("operator.html") -> content.
#pragma once

#include <map>
#include <string>

namespace contactcenter::gateway {

const std::map<std::string, std::string>& ConsoleFiles();
// The message catalogues (services/gateway/messages/): "uk.tsv" -> content.
const std::map<std::string, std::string>& MessageFiles();

}  // namespace contactcenter::gateway
