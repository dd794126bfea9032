# The console's partition and host editors and the placement reasons
# (console/gui), against an embedded engine with real hosts (vdc-monitor +
# vdc-agent on libvirt's test driver). Widgets: runs on the offscreen platform.
if(TARGET vdc_console_widgets AND TARGET vdc-monitor AND TARGET vdc-agent)
  add_executable(tst_editors ${CMAKE_CURRENT_LIST_DIR}/tst_editors.cpp)
  target_link_libraries(tst_editors PRIVATE vdc::console_widgets vdc_testsupport Qt6::Test)
  vdc_target_warnings(tst_editors)
  add_dependencies(tst_editors vdc-monitor vdc-agent)
  add_test(NAME tst_editors COMMAND tst_editors)
  set_tests_properties(tst_editors PROPERTIES LABELS unit TIMEOUT 180 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
