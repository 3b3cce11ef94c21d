# Helpers shared by every target of ours.

# Our own code compiles warning-free; generated code is left alone.
function(cc_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(CC_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# cc_test(NAME name SOURCES ... LIBS ... [LABELS unit|pg|e2e])
# A GoogleTest binary registered with CTest. Pure-logic tests (label unit)
# become one CTest test per TEST(); database and cross-process tests run as
# one CTest test per binary, so each binary makes its database once.
function(cc_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gmock GTest::gtest_main)
  cc_warnings(${T_NAME})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(T_LABELS STREQUAL "unit")
    gtest_discover_tests(${T_NAME} PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
  else()
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()

# cc_embed_migrations(target component function dir)
# Compiles every dir/*.sql into the target as contactcenter::db::Migration
# values named "<component>/<file>", so a binary always carries the schema it
# needs. contactcenter::db::<function>() returns them in file-name order.
function(cc_embed_migrations target component function dir)
  file(GLOB _sql CONFIGURE_DEPENDS "${dir}/*.sql")
  list(SORT _sql)
  set(_out "${CMAKE_CURRENT_BINARY_DIR}/${component}_migrations.cc")
  add_custom_command(
    OUTPUT "${_out}"
    COMMAND ${CMAKE_COMMAND} -DCOMPONENT=${component} -DFUNCTION=${function} -DOUT=${_out}
            "-DFILES=${_sql}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake"
    DEPENDS ${_sql} "${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake"
    COMMENT "Embedding ${component} migrations"
    VERBATIM)
  target_sources(${target} PRIVATE "${_out}")
endfunction()
