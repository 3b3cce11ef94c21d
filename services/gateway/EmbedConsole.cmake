# Run with -P: writes OUT, a C++ file defining
# contactcenter::gateway::ConsoleFiles() with every file of FILES (the
# console, services/gateway/console/) by its name, so the binary carries the
# console it serves and nothing is read from disk at run time.
set(_body "")
foreach(_f IN LISTS FILES)
  get_filename_component(_name "${_f}" NAME)
  file(READ "${_f}" _text)
  string(FIND "${_text}" ")cccon\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${_f} contains the raw-string delimiter )cccon\"")
  endif()
  string(APPEND _body "      {\"${_name}\", R\"cccon(${_text})cccon\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from services/gateway/console by EmbedConsole.cmake.\n"
"#include \"console_files.h\"\n"
"namespace contactcenter::gateway {\n"
"const std::map<std::string, std::string>& ConsoleFiles() {\n"
"  static const auto* kFiles = new std::map<std::string, std::string>{\n"
"${_body}"
"  };\n"
"  return *kFiles;\n"
"}\n"
"}  // namespace contactcenter::gateway\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
