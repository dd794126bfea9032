# Channel vs ZeroMQ ipc:// round-trip latency (a program that prints figures, not a test).
add_executable(bench_channel ${CMAKE_CURRENT_LIST_DIR}/bench_channel.cpp)
target_link_libraries(bench_channel PRIVATE vdc::shared cppzmq)
vdc_target_warnings(bench_channel)
