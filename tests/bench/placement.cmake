# Placement benchmark: a program that prints its figures, not a test.
add_executable(bench_placement ${CMAKE_CURRENT_LIST_DIR}/bench_placement.cpp)
target_link_libraries(bench_placement PRIVATE vdc::placement Qt6::Core)
vdc_target_warnings(bench_placement)
