# Run by sesame_gtest_suites after a build: writes CTEST_FILE with one
# add_test per suite that TEST_EXECUTABLE --gtest_list_tests prints.
execute_process(COMMAND ${TEST_EXECUTABLE} --gtest_list_tests
                OUTPUT_VARIABLE listing RESULT_VARIABLE rc TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --gtest_list_tests failed: ${rc}")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(script "")
foreach(line IN LISTS lines)
  # A suite line starts in column one and ends with a dot (a typed or
  # parameterised suite may be followed by a comment).
  if(line MATCHES "^([A-Za-z_][A-Za-z0-9_/]*)\\.")
    set(suite ${CMAKE_MATCH_1})
    string(APPEND script
      "add_test([=[${suite}]=] [==[${TEST_EXECUTABLE}]==] "
      "[=[--gtest_filter=${suite}.*]=] --gtest_brief=1)\n"
      "set_tests_properties([=[${suite}]=] PROPERTIES LABELS ${LABEL} "
      "${TEST_PROPERTIES})\n")
  endif()
endforeach()
file(WRITE ${CTEST_FILE} "${script}")
