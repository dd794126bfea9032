# The statistics path: the monitor's sampler, the agent's heartbeats and the
# engine's history (included from tests/unit/CMakeLists.txt).
if(TARGET vdc-monitor AND TARGET vdc-agent)
  add_executable(tst_stats ${CMAKE_CURRENT_LIST_DIR}/tst_stats.cpp)
  set_target_properties(tst_stats PROPERTIES AUTOMOC ON)
  target_link_libraries(tst_stats PRIVATE vdc::ops vdc::monitor_core vdc_testsupport Qt6::Test)
  vdc_target_warnings(tst_stats)
  add_dependencies(tst_stats vdc-monitor vdc-agent)
  add_test(NAME tst_stats COMMAND tst_stats)
  set_tests_properties(tst_stats PROPERTIES LABELS unit TIMEOUT 120)
endif()
