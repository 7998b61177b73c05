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
  # Every byte as \xNN in string literals of 32 bytes each: any content (UTF-8 too) is safe, with
  # no raw-string delimiter to clash with and no narrowing of bytes above 0x7f.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" bytes "${hex}")
  string(REPEAT "\\\\x.." 32 line_of_32)
  string(REGEX REPLACE "(${line_of_32})" "\\1\"\n    \"" bytes "${bytes}")
  string(APPEND arrays "// ${name}\nconstexpr std::string_view kFile${index} = {\n    \"${bytes}\", ${size}};\n")
  string(APPEND entries "    {\"${name}\", kFile${index}},\n")
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
