# Unit tests of vdc::monitor_core (included from tests/unit/CMakeLists.txt).
function(vdc_monitor_unit_test name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  target_link_libraries(${name} PRIVATE vdc::monitor_core Qt6::Test)
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

vdc_monitor_unit_test(tst_resourcedatabase)
vdc_monitor_unit_test(tst_domainxml)
vdc_monitor_unit_test(tst_transactionprocessor)
vdc_monitor_unit_test(tst_migrationtransactions)
