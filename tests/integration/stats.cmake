# Statistics of a real QEMU guest through monitor, agent, vdc-opsd and vdcctl
# (label realvm, on the rig).
if(TARGET vdc_counter_guest)
  add_executable(tst_stats_realvm ${CMAKE_CURRENT_LIST_DIR}/tst_stats_realvm.cpp)
  set_target_properties(tst_stats_realvm PROPERTIES AUTOMOC ON)
  target_link_libraries(tst_stats_realvm PRIVATE vdc_testsupport vdc_libvirtprobe vdc::shared Qt6::Test)
  target_compile_definitions(tst_stats_realvm PRIVATE VDC_COUNTER_IMAGE="${VDC_COUNTER_IMAGE}")
  vdc_target_warnings(tst_stats_realvm)
  add_dependencies(tst_stats_realvm vdc_counter_guest vdc-monitor vdc-agent vdc-opsd vdcctl)
  add_test(NAME tst_stats_realvm COMMAND tst_stats_realvm)
  set_tests_properties(tst_stats_realvm PROPERTIES
    LABELS realvm TIMEOUT 600 FIXTURES_REQUIRED rig
    ENVIRONMENT "VDC_RIG_DIR=${VDC_RIG_DIR}")
endif()
