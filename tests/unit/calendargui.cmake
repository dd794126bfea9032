# Tests of the policy calendar panel of the console (console/gui calendar
# classes) on a real embedded operations engine; offscreen widgets.
if(TARGET vdc_console_widgets)
  add_executable(tst_calendarpanel ${CMAKE_CURRENT_LIST_DIR}/tst_calendarpanel.cpp)
  target_link_libraries(tst_calendarpanel PRIVATE vdc::console_widgets Qt6::Test)
  vdc_target_warnings(tst_calendarpanel)
  add_test(NAME tst_calendarpanel COMMAND tst_calendarpanel)
  set_tests_properties(tst_calendarpanel PROPERTIES LABELS unit TIMEOUT 180
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
