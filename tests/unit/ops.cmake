# Tests of the operations engine (console/ops, vdc::ops) and vdcctl
# (console/ctl, vdc::ctl).

function(vdc_ops_unit_test name)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  target_link_libraries(${name} PRIVATE vdc::ops Qt6::Test ${ARGN})
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

vdc_ops_unit_test(tst_opsdatabase)
vdc_ops_unit_test(tst_opsserver)

# Runs the real vdcctl binary against an OpsService inside the test.
vdc_ops_unit_test(tst_vdcctl)
target_compile_definitions(tst_vdcctl PRIVATE VDC_VDCCTL_PATH="$<TARGET_FILE:vdcctl>")
add_dependencies(tst_vdcctl vdcctl)

# The engine against real hosts (vdc-monitor + vdc-agent on libvirt's test
# driver), through the test support library of the integration tests.
if(TARGET vdc-monitor AND TARGET vdc-agent)
  vdc_ops_unit_test(tst_opsengine vdc_testsupport)
  add_dependencies(tst_opsengine vdc-monitor vdc-agent)
endif()

# The engine's placement over vdc::placement (no hosts needed).
vdc_ops_unit_test(tst_placementplanner)

# Zones, domains, policy sets, calendars, export/import, audit and bad input
# through the engine (hosts registered but without agents).
vdc_ops_unit_test(tst_opsdefinitions)

# A week of policy calendar with a ManualClock against the engine and a real
# host (vdc-monitor + vdc-agent on libvirt's test driver).
if(TARGET vdc-monitor AND TARGET vdc-agent)
  vdc_ops_unit_test(tst_opscalendar vdc_testsupport)
  add_dependencies(tst_opscalendar vdc-monitor vdc-agent)
endif()
