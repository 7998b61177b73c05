# A folder of `stsmc run` scenarios that translate upstream's tests (tests/e2e-upstream,
# tests/unit-upstream): every NAME.yaml in the calling folder must pass on the model (test
# PREFIX/NAME), and every (scenario, mutant) pair its mutants.txt lists must make `stsmc run`
# fail with exactly exit 1, an expect that failed (test PREFIX_mutant/NAME/MUTANT; exit 2 or 4
# would be a broken test, not a caught mutant).
#
# mutants.txt: one line per scenario, "NAME: MUTANT MUTANT ...", '#' starts a comment line; a
# scenario no mutant breaks has an empty list, and a scenario without a line is a configure error.
function(stsmc_scenario_suite prefix)
  set(dir ${CMAKE_CURRENT_SOURCE_DIR})
  file(RELATIVE_PATH where ${PROJECT_SOURCE_DIR} ${dir})
  file(GLOB scenarios CONFIGURE_DEPENDS ${dir}/*.yaml)
  set(names "")
  foreach(scenario IN LISTS scenarios)
    get_filename_component(name ${scenario} NAME_WLE)
    list(APPEND names ${name})
    add_test(NAME ${prefix}/${name} COMMAND $<TARGET_FILE:stsmc> run ${scenario})
  endforeach()

  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dir}/mutants.txt)
  file(STRINGS ${dir}/mutants.txt lines REGEX "^[^#]")
  set(listed "")
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^([A-Za-z0-9_.-]+):(.*)$")
      message(FATAL_ERROR "${where}/mutants.txt: expected 'NAME: MUTANT ...', got '${line}'")
    endif()
    set(name ${CMAKE_MATCH_1})
    string(STRIP "${CMAKE_MATCH_2}" mutants)
    if(NOT name IN_LIST names)
      message(FATAL_ERROR "${where}/mutants.txt names '${name}', but there is no ${name}.yaml")
    endif()
    list(APPEND listed ${name})
    separate_arguments(mutants UNIX_COMMAND "${mutants}")
    foreach(mutant IN LISTS mutants)
      add_test(NAME ${prefix}_mutant/${name}/${mutant}
               COMMAND sh ${PROJECT_SOURCE_DIR}/tests/e2e-upstream/expect-exit.sh 1
                       $<TARGET_FILE:stsmc> run ${dir}/${name}.yaml --mutant ${mutant})
    endforeach()
  endforeach()
  foreach(name IN LISTS names)
    if(NOT name IN_LIST listed)
      message(FATAL_ERROR "${where}/${name}.yaml has no line in mutants.txt (an empty list is fine)")
    endif()
  endforeach()
endfunction()
