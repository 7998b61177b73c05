# Script mode (cmake -P): writes a C++ source that holds files as byte arrays, so the binary
# carries them instead of finding them through a source path (cmake/BundledExamples.cmake).
#   -DOUTPUT=<file.cpp> -DHEADER=<include of the declarations> -DNAMESPACE=<ns> -DFILES=<a|b|...>
cmake_minimum_required(VERSION 3.25)
foreach(var OUTPUT HEADER NAMESPACE FILES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_files.cmake: -D${var}=... is required")
  endif()
endforeach()

string(REPLACE "|" ";" FILES "${FILES}")
set(arrays "")
set(entries "")
set(index 0)
foreach(file IN LISTS FILES)
  get_filename_component(name "${file}" NAME)
  file(READ "${file}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  # Every byte as 0xNN: no escaping question for any content, and no raw-string delimiter clash.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n    " bytes "${bytes}")
  string(APPEND arrays "// ${name}\nconstexpr char kFile${index}[] = {\n    ${bytes}0x00};\n")
  string(APPEND entries "    {\"${name}\", {kFile${index}, ${size}}},\n")
  math(EXPR index "${index} + 1")
endforeach()

set(content "// Generated at build time by cmake/embed_files.cmake; do not edit.\n#include \"${HEADER}\"\n\nnamespace ${NAMESPACE} {\nnamespace {\n\n${arrays}\nconstexpr BundledFile kFiles[] = {\n${entries}};\n\n}  // namespace\n\nstd::span<const BundledFile> bundled_files() { return kFiles; }\n\n}  // namespace ${NAMESPACE}\n")

# Rewrite only on change, so an unchanged manifest does not recompile anything.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
