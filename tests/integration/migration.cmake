# Migration between hosts of the rig (included from CMakeLists.txt here):
# offline on libvirt's test driver (label integration) and live with real
# QEMU guests, the counter guest proving that memory moved (label realvm).
function(vdc_migration_test name label)
  add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  # The agent API client the agent's unit tests use.
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit)
  target_link_libraries(${name} PRIVATE vdc_testsupport vdc_libvirtprobe vdc::shared Qt6::Test)
  vdc_target_warnings(${name})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    LABELS ${label} TIMEOUT 900 FIXTURES_REQUIRED rig
    ENVIRONMENT "VDC_RIG_DIR=${VDC_RIG_DIR}")
endfunction()

vdc_migration_test(tst_migration_offline integration)
if(TARGET vdc_counter_guest)
  vdc_migration_test(tst_migration_realvm realvm)
  target_compile_definitions(tst_migration_realvm PRIVATE VDC_COUNTER_IMAGE="${VDC_COUNTER_IMAGE}")
  add_dependencies(tst_migration_realvm vdc_counter_guest)
endif()
