# Console map benchmark: a program that prints its figures, not a test.
if(TARGET vdc_console_widgets)
  add_executable(bench_console_map ${CMAKE_CURRENT_LIST_DIR}/bench_console_map.cpp)
  target_link_libraries(bench_console_map PRIVATE vdc::console_widgets)
  vdc_target_warnings(bench_console_map)
endif()
