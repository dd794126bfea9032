# The console's demo data center: on libvirt's test driver (unit), and on
# real hosts from the rig with QEMU guests (realvm; it starts its own rig in
# a folder of its own, so it needs root and the libvirt/QEMU packages).
if(TARGET vdc_console_widgets)
  add_executable(tst_demodatacenter ${CMAKE_CURRENT_LIST_DIR}/tst_demodatacenter.cpp)
  target_link_libraries(tst_demodatacenter PRIVATE vdc::console_widgets Qt6::Test)
  set_target_properties(tst_demodatacenter PROPERTIES AUTOMOC ON)
  vdc_target_warnings(tst_demodatacenter)
  add_dependencies(tst_demodatacenter vdc-monitor vdc-agent)
  add_test(NAME tst_demodatacenter COMMAND tst_demodatacenter)
  set_tests_properties(tst_demodatacenter PROPERTIES LABELS unit TIMEOUT 180
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")

  add_executable(tst_demodatacenter_realvm ${CMAKE_CURRENT_LIST_DIR}/tst_demodatacenter.cpp)
  target_link_libraries(tst_demodatacenter_realvm PRIVATE vdc::console_widgets Qt6::Test)
  target_compile_definitions(tst_demodatacenter_realvm PRIVATE VDC_DEMO_REAL)
  set_target_properties(tst_demodatacenter_realvm PROPERTIES AUTOMOC ON)
  vdc_target_warnings(tst_demodatacenter_realvm)
  add_dependencies(tst_demodatacenter_realvm vdc-monitor vdc-agent)
  if(TARGET vdc_counter_guest)
    add_dependencies(tst_demodatacenter_realvm vdc_counter_guest)
  endif()
  add_test(NAME tst_demodatacenter_realvm COMMAND tst_demodatacenter_realvm)
  set_tests_properties(tst_demodatacenter_realvm PROPERTIES LABELS realvm TIMEOUT 600
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
