# Tests of the Qt Widgets console (console/gui, vdc::console_widgets). They
# need widgets, so they run on the offscreen platform.

function(vdc_gui_unit_test name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE vdc::console_widgets Qt6::Test)
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 180 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()

if(TARGET vdc_console_widgets)
  vdc_gui_unit_test(tst_consolemodels)
  vdc_gui_unit_test(tst_mainwindow)
endif()

if(TARGET vdc_console_widgets)
  vdc_gui_unit_test(tst_consolemap)
  # The map against a real engine: zone regions shared by two consoles,
  # the engine going away and coming back.
  vdc_gui_unit_test(tst_consolemapsync)
endif()
