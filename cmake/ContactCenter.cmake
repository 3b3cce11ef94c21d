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
    gtest_discover_tests(${T_NAME} NO_PRETTY_VALUES DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
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

# cc_proto_library(NAME target ROOT dir PROTOS rel.proto...)
# A static library of the C++ message and gRPC code for PROTOS (paths
# relative to ROOT), generated into <binary dir>/gen so that includes read
# "contactcenter/intake/v1/intake.grpc.pb.h". Imports resolve against our
# proto/ folder and Debian's /usr/share/grpc-proto.
function(cc_proto_library)
  cmake_parse_arguments(P "" "NAME;ROOT" "PROTOS" ${ARGN})
  set(_gen ${CMAKE_CURRENT_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${_gen})
  set(_all)
  foreach(_rel IN LISTS P_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" _stem ${_rel})
    set(_out ${_gen}/${_stem}.pb.h ${_gen}/${_stem}.pb.cc
             ${_gen}/${_stem}.grpc.pb.h ${_gen}/${_stem}.grpc.pb.cc)
    # One protoc run per file writes message and service code together.
    add_custom_command(
      OUTPUT ${_out}
      COMMAND protobuf::protoc
        -I ${PROJECT_SOURCE_DIR}/proto -I /usr/share/grpc-proto
        --cpp_out=${_gen} --grpc_out=${_gen}
        --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
        ${P_ROOT}/${_rel}
      DEPENDS ${P_ROOT}/${_rel} protobuf::protoc gRPC::grpc_cpp_plugin
      COMMENT "Generating C++ for ${_rel}"
      VERBATIM)
    list(APPEND _all ${_out})
  endforeach()
  add_library(${P_NAME} STATIC ${_all})
  target_include_directories(${P_NAME} PUBLIC ${_gen})
  target_link_libraries(${P_NAME} PUBLIC protobuf::libprotobuf gRPC::grpc++)
  set_target_properties(${P_NAME} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
