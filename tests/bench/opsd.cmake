# Startup of vdc-opsd on a database with 10,000 partition definitions: a
# program that prints its figures, not a test.
if(TARGET vdc_testsupport)
  add_executable(bench_opsd_startup ${CMAKE_CURRENT_LIST_DIR}/bench_opsd_startup.cpp)
  target_link_libraries(bench_opsd_startup PRIVATE vdc::ops vdc_testsupport vdc::shared Qt6::Core)
  vdc_target_warnings(bench_opsd_startup)
  add_dependencies(bench_opsd_startup vdc-opsd)
endif()
