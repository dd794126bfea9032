# Tests of the policy calendar library (console/calendar/, vdc::calendar).
function(vdc_calendar_unit_test name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE vdc::calendar Qt6::Test)
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

vdc_calendar_unit_test(tst_recurrencerule)
vdc_calendar_unit_test(tst_policycalendar)
