# The console's statistics: StatsStore (the bounded copy of the engine's
# history), ChartsPanel (Qt Charts) and the stats topic of OpsClient, on a
# real embedded engine; the end-to-end test adds real hosts (vdc-monitor +
# vdc-agent on libvirt's test driver). Widgets: offscreen platform.

function(vdc_charts_unit_test name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE vdc::console_widgets Qt6::Test ${ARGN})
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 180 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()

if(TARGET vdc_console_widgets)
  vdc_charts_unit_test(tst_consolecharts)
endif()

# The whole path with real hosts, and the panel rendered to
# console-charts.png ($VDC_SCREENSHOT_DIR, else screenshots/ next to the test).
if(TARGET vdc_console_widgets AND TARGET vdc-monitor AND TARGET vdc-agent)
  vdc_charts_unit_test(tst_consolecharts_live vdc_testsupport)
  add_dependencies(tst_consolecharts_live vdc-monitor vdc-agent)
endif()
