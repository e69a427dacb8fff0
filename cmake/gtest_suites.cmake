# sesame_gtest_suites(TARGET LABEL [PROPERTIES...]): one ctest test per
# GoogleTest suite of TARGET (named like the suite, run with
# --gtest_filter=Suite.*), listed after each build as gtest_discover_tests
# does. One process a suite rather than one a test: a sanitizer binary takes
# most of a second to start, and the unit tests are 740.
function(sesame_gtest_suites target label)
  set(ctest_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_suites.cmake")
  add_custom_command(
    TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -D "TEST_EXECUTABLE=$<TARGET_FILE:${target}>"
            -D "LABEL=${label}" -D "CTEST_FILE=${ctest_file}"
            -D "TEST_PROPERTIES=${ARGN}"
            -P ${PROJECT_SOURCE_DIR}/cmake/gtest_suites_list.cmake
    VERBATIM)
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${ctest_file})
endfunction()
