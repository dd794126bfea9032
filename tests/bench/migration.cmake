# Live migration through vdc's agents against bare libvirt, on the rig
# (bench_migration --rig DIR [--runs N]).
if(TARGET vdc_testsupport AND TARGET vdc_counter_guest)
  add_executable(bench_migration ${CMAKE_CURRENT_LIST_DIR}/bench_migration.cpp)
  target_include_directories(bench_migration PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit)
  target_link_libraries(bench_migration PRIVATE vdc_testsupport vdc::shared Qt6::Core Qt6::Test PkgConfig::LIBVIRT)
  target_compile_definitions(bench_migration PRIVATE VDC_COUNTER_IMAGE="${VDC_COUNTER_IMAGE}")
  add_dependencies(bench_migration vdc_counter_guest)
  vdc_target_warnings(bench_migration)
endif()
