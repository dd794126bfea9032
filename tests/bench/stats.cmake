# Statistics benchmark: a program that prints its figures, not a test.
add_executable(bench_stats ${CMAKE_CURRENT_LIST_DIR}/bench_stats.cpp)
target_link_libraries(bench_stats PRIVATE vdc::monitor_core Qt6::Core)
vdc_target_warnings(bench_stats)
