# The example manifests (spec/examples/*.yaml) compiled into the stsmc binary: `stsmc check`
# with no manifest checks the bundled myapp.yaml, wherever the binary lives (no source path).
# stsmc_embed_files(TARGET <target> HEADER <include> NAMESPACE <ns> FILES <file>...) adds a
# generated source defining `std::span<const BundledFile> <ns>::bundled_files()` to the target;
# it is regenerated when any of the files (or the generator) changes.
function(stsmc_embed_files)
  cmake_parse_arguments(ARG "" "TARGET;HEADER;NAMESPACE" "FILES" ${ARGN})
  set(output "${CMAKE_CURRENT_BINARY_DIR}/generated/${ARG_TARGET}_bundled_files.cpp")
  set(generator "${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake")
  list(JOIN ARG_FILES "|" files_arg)  # a list separator that survives the command line
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${output}" "-DHEADER=${ARG_HEADER}" "-DNAMESPACE=${ARG_NAMESPACE}"
            "-DFILES=${files_arg}" -P "${generator}"
    DEPENDS ${ARG_FILES} "${generator}"
    COMMENT "Embedding ${ARG_TARGET}'s bundled files"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${output}")
endfunction()
