# Tests of the command partition (hostagent/, vdc::agent_core).

function(vdc_agent_unit_test name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE vdc::agent_core Qt6::Test)
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

vdc_agent_unit_test(tst_hostpolicy)
vdc_agent_unit_test(tst_bootstrapstore)
vdc_agent_unit_test(tst_agentservice)

# The agent against a real vdc-monitor process (test driver), once the
# monitor is part of the build.
if(TARGET vdc-monitor)
  vdc_agent_unit_test(tst_agentmonitor)
  target_compile_definitions(tst_agentmonitor PRIVATE VDC_MONITOR_PROGRAM="$<TARGET_FILE:vdc-monitor>")
  add_dependencies(tst_agentmonitor vdc-monitor)
  vdc_agent_unit_test(tst_agentmigration)
  target_compile_definitions(tst_agentmigration PRIVATE VDC_MONITOR_PROGRAM="$<TARGET_FILE:vdc-monitor>")
  add_dependencies(tst_agentmigration vdc-monitor)
endif()
