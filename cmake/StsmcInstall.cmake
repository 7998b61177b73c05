# `cmake --install`: bin/stsmc, the folder libraries with their headers as one CMake package
# (find_package(stsmc) gives stsmc::stsmc, the engines, and stsmc::cli, the binary), the
# examples, the docs and the man page. Components: "runtime" (what the stsmc .deb holds) and
# "development" (stsmc-dev). Included at the end of the top-level CMakeLists.txt.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(STSMC_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/stsmc)
set(STSMC_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/stsmc)

# Every stsmc_* library target of the tree, found by walking the directories, so a folder
# library added or renamed later is installed without touching this file. Benchmarks' and tests'
# helper libraries stay out.
function(stsmc_collect_libraries dir out)
  set(found "")
  file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${dir}")
  if(rel MATCHES "^(bench|tests|tools)(/|$)")
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t IN LISTS targets)
    get_target_property(type ${t} TYPE)
    if(t MATCHES "^stsmc_" AND NOT t MATCHES "test" AND type MATCHES "^(STATIC_LIBRARY|INTERFACE_LIBRARY)$")
      list(APPEND found ${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    stsmc_collect_libraries("${sub}" sub_found)
    list(APPEND found ${sub_found})
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

stsmc_collect_libraries("${PROJECT_SOURCE_DIR}" STSMC_LIBRARIES)

# In the tree, headers are included as "folder/file.h" from the source root; installed, from
# include/stsmc. Paths into the source or build tree are valid for the build only.
set(header_folders "")
foreach(lib IN LISTS STSMC_LIBRARIES)
  get_target_property(dirs ${lib} INTERFACE_INCLUDE_DIRECTORIES)
  if(dirs)
    set(fixed "")
    set(in_tree FALSE)
    foreach(d IN LISTS dirs)
      string(FIND "${d}" "${PROJECT_SOURCE_DIR}" in_source)
      string(FIND "${d}" "${PROJECT_BINARY_DIR}" in_build)
      if(NOT d MATCHES "^\\$<" AND (in_source EQUAL 0 OR in_build EQUAL 0))
        list(APPEND fixed "$<BUILD_INTERFACE:${d}>")
        set(in_tree TRUE)
      else()
        list(APPEND fixed "${d}")
      endif()
    endforeach()
    if(in_tree)
      list(APPEND fixed "$<INSTALL_INTERFACE:${STSMC_INSTALL_INCLUDEDIR}>")
    endif()
    set_target_properties(${lib} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${fixed}")
  endif()
  # Exported under the names the tree uses: stsmc_spec -> stsmc::spec.
  string(REGEX REPLACE "^stsmc_" "" export_name ${lib})
  set_target_properties(${lib} PROPERTIES EXPORT_NAME ${export_name})
  get_target_property(src ${lib} SOURCE_DIR)
  file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${src}")
  string(REGEX REPLACE "/.*" "" top "${rel}")
  list(APPEND header_folders ${top})
endforeach()
list(REMOVE_DUPLICATES header_folders)

# stsmc::stsmc: every engine and the model in one target, for programs that embed them.
add_library(stsmc_all INTERFACE)
add_library(stsmc::stsmc ALIAS stsmc_all)
target_link_libraries(stsmc_all INTERFACE ${STSMC_LIBRARIES})
set_target_properties(stsmc_all PROPERTIES EXPORT_NAME stsmc)
set_target_properties(stsmc PROPERTIES EXPORT_NAME cli)

install(TARGETS stsmc EXPORT stsmcTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(TARGETS ${STSMC_LIBRARIES} stsmc_all EXPORT stsmcTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
foreach(folder IN LISTS header_folders)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/ DESTINATION ${STSMC_INSTALL_INCLUDEDIR}/${folder}
          COMPONENT development FILES_MATCHING PATTERN "*.h" PATTERN "testing" EXCLUDE PATTERN "corpus" EXCLUDE)
endforeach()
install(EXPORT stsmcTargets NAMESPACE stsmc:: DESTINATION ${STSMC_INSTALL_CMAKEDIR} COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/stsmcConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/stsmcConfig.cmake INSTALL_DESTINATION ${STSMC_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/stsmcConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/stsmcConfig.cmake ${PROJECT_BINARY_DIR}/stsmcConfigVersion.cmake
        DESTINATION ${STSMC_INSTALL_CMAKEDIR} COMPONENT development)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/spec/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/stsmc/examples
        COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ci/ DESTINATION ${CMAKE_INSTALL_DATADIR}/stsmc/ci
        COMPONENT runtime USE_SOURCE_PERMISSIONS)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/stsmc.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime
        FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
