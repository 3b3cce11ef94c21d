# Run with -P: writes OUT, a C++ file defining contactcenter::db::FUNCTION().
set(_body "")
foreach(_f IN LISTS FILES)
  get_filename_component(_name "${_f}" NAME)
  file(READ "${_f}" _sql)
  string(FIND "${_sql}" ")ccsql\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${_f} contains the raw-string delimiter )ccsql\"")
  endif()
  string(APPEND _body "      {\"${COMPONENT}/${_name}\", R\"ccsql(${_sql})ccsql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp"
"// Generated from ${COMPONENT} migrations by cmake/EmbedMigrations.cmake.\n"
"#include <vector>\n"
"#include \"contactcenter/db/migrations.h\"\n"
"namespace contactcenter::db {\n"
"const std::vector<Migration>& ${FUNCTION}() {\n"
"  static const std::vector<Migration> kMigrations = {\n"
"${_body}"
"  };\n"
"  return kMigrations;\n"
"}\n"
"}  // namespace contactcenter::db\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
