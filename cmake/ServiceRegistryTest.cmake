# The registry reader's test: cmake -DDIR=<scratch folder> -P ServiceRegistryTest.cmake
# (tests/CMakeLists.txt registers it with CTest). Fails on any wrong result.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/ServiceRegistry.cmake)

function(expect what got want)
  if(NOT "${got}" STREQUAL "${want}")
    message(SEND_ERROR "${what}: got \"${got}\", want \"${want}\"")
  endif()
endfunction()

# read(text): the registry `text` read with prefix T.
macro(read text)
  file(WRITE "${DIR}/services.txt" "${text}")
  cc_read_service_registry("${DIR}/services.txt" T)
endmacro()

# Today's services and the later ones as they are planned: a gateway with
# HTTP and metrics ports, no gRPC port and no database.
read("# comment\n\n\
intake    50051  9101  -     yes  tracking         intake    REFERENCE_DIR={reference}\n\
routing   50052  9102  -     yes  intake,tracking  routing   REFERENCE_DIR={reference},A=b\n\
	tracking 50053 9103 - yes routing tracking -   \n\
analytics 50054  9104  -     yes  intake,routing,tracking  analytics  -\n\
gateway   -      9106  8080  no   intake,routing,tracking  gateway_bin  -\n")
expect("error" "${T_REGISTRY_ERROR}" "")
expect("services" "${T_SERVICES}" "intake;routing;tracking;analytics;gateway")
expect("intake grpc" "${T_intake_GRPC_PORT}" "50051")
expect("intake metrics" "${T_intake_METRICS_PORT}" "9101")
expect("intake http" "${T_intake_HTTP_PORT}" "")
expect("intake db" "${T_intake_DB}" "ON")
expect("intake peers" "${T_intake_PEERS}" "tracking")
expect("intake env" "${T_intake_ENV}" "REFERENCE_DIR={reference}")
expect("routing peers" "${T_routing_PEERS}" "intake;tracking")
expect("routing env" "${T_routing_ENV}" "REFERENCE_DIR={reference};A=b")
expect("tracking (tabs, spaces)" "${T_tracking_BINARY}" "tracking")
expect("tracking env" "${T_tracking_ENV}" "")
expect("gateway grpc" "${T_gateway_GRPC_PORT}" "")
expect("gateway http" "${T_gateway_HTTP_PORT}" "8080")
expect("gateway metrics" "${T_gateway_METRICS_PORT}" "9106")
expect("gateway db" "${T_gateway_DB}" "OFF")
expect("gateway binary" "${T_gateway_BINARY}" "gateway_bin")

# Every bad row is refused with its line.
set(_ok "a 50051 9101 - yes - a -\n")
foreach(_case
    "a 50051 9101 - yes - a|3 columns|columns, expected 8"
    "b 50052 9102 - maybe - b -|db maybe|db \"maybe\" must be yes or no"
    "b 70000 9102 - yes - b -|port too big|grpc port \"70000\" is not a port number"
    "b 50052 - - yes - b -|no metrics port|metrics port \"-\" is not a port number"
    "B 50052 9102 - yes - b -|upper-case name|name \"B\" must be lower-case"
    "b 50052 9101 - yes - b -|a port twice|port 9101 is taken twice"
    "a 50052 9102 - yes - a -|a name twice|a is registered twice"
    "b 50052 9102 - yes c b -|unknown peer|b's peer c is not registered"
    "b 50052 9102 - yes b b -|itself as a peer|b lists itself as a peer"
    "b 50052 9102 - yes a, b -|peers with a space|peers \"a,\" must be names"
    "b 50052 9102 - yes a b x=1|lower-case env|env \"x=1\" must be VAR=value"
    "b 50052 9102 - yes a b A=\"1\"|a quote|only letters, digits"
    "b - 9102 - no - b -\nc - 9103 - yes b c -|a peer without gRPC|c's peer b has no gRPC port")
  string(REPLACE "|" ";" _case "${_case}")
  list(GET _case 0 _row)
  list(GET _case 1 _what)
  list(GET _case 2 _want)
  read("${_ok}${_row}\n")
  if(NOT T_REGISTRY_ERROR MATCHES "services.txt(:[0-9]+)?: .*${_want}")
    message(SEND_ERROR "${_what}: error \"${T_REGISTRY_ERROR}\" does not say \"${_want}\"")
  endif()
  if(DEFINED T_SERVICES)
    message(SEND_ERROR "${_what}: services are set despite the error")
  endif()
endforeach()
read("# nothing\n")
expect("empty registry" "${T_REGISTRY_ERROR}" "${DIR}/services.txt: no service registered")
