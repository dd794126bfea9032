# Migration orchestrated by the operations engine (console/ops) against real
# vdc-monitor + vdc-agent hosts on libvirt's test driver.
if(TARGET vdc-monitor AND TARGET vdc-agent)
  add_executable(tst_opsmigration ${CMAKE_CURRENT_LIST_DIR}/tst_opsmigration.cpp)
  target_link_libraries(tst_opsmigration PRIVATE vdc::ops vdc_testsupport Qt6::Test)
  vdc_target_warnings(tst_opsmigration)
  add_dependencies(tst_opsmigration vdc-monitor vdc-agent)
  add_test(NAME tst_opsmigration COMMAND tst_opsmigration)
  set_tests_properties(tst_opsmigration PROPERTIES LABELS unit TIMEOUT 300)
endif()
