# Precompiled headers for the targets the stsmc binary is built from: nearly every translation
# unit parses nlohmann/json (core/json.h) and Boost.Hana (core/reflect.h), and the CLI's also
# z3++.h and CLI11, which cost seconds per unit before any of our code is compiled.
# STSMC_PCH=OFF builds without them (the include graph is unaffected: check_includes.sh reads
# the sources). Measured in docs/install.md, "Build times".
option(STSMC_PCH "Precompile the heaviest third-party headers" ON)

set(STSMC_PCH_COMMON <nlohmann/json.hpp> <boost/hana.hpp> <fmt/format.h> <algorithm> <map> <optional> <string>
                     <string_view> <vector>)

# A PCH costs one compile of the headers per target: only targets with several units gain.
# Under ccache, the settings its manual requires for GCC's precompiled headers (else every unit
# that uses one is a cache miss).
function(stsmc_precompile target)
  get_target_property(sources ${target} SOURCES)
  list(FILTER sources INCLUDE REGEX "\\.cpp$")
  list(LENGTH sources n)
  if(n GREATER_EQUAL 3)
    target_precompile_headers(${target} PRIVATE ${STSMC_PCH_COMMON} ${ARGN})
    get_target_property(launcher ${target} CXX_COMPILER_LAUNCHER)
    if(launcher MATCHES "ccache")
      set_target_properties(${target} PROPERTIES CXX_COMPILER_LAUNCHER
        "${CMAKE_COMMAND};-E;env;CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;${launcher}")
      target_compile_options(${target} PRIVATE -fpch-preprocess)
    endif()
  endif()
endfunction()

# Not in a unity build (CI's trees): a unity unit parses those headers once anyway, so the
# precompiled header saved nothing per unit (cli 18.2 s with it, 16.4 s without; model 31.4 s both)
# and its nine builds cost about 85 s of CPU on the build's critical path.
if(STSMC_PCH AND NOT STSMC_SANITIZE AND NOT CMAKE_UNITY_BUILD)
  foreach(lib IN LISTS STSMC_LIBRARIES)
    get_target_property(type ${lib} TYPE)
    if(type STREQUAL "STATIC_LIBRARY")
      stsmc_precompile(${lib})
    endif()
  endforeach()
  stsmc_precompile(stsmc <z3++.h> <CLI/CLI.hpp>)
endif()
