# Command memory channel tests (shared/channel). tst_channel_processes runs
# channel_peer as the agent side in a second process.

add_executable(tst_channel
  ${CMAKE_CURRENT_LIST_DIR}/tst_channel.cpp ${CMAKE_CURRENT_LIST_DIR}/channeltesthelpers.h)
target_link_libraries(tst_channel PRIVATE vdc::shared Qt6::Test)
vdc_target_warnings(tst_channel)
add_test(NAME tst_channel COMMAND tst_channel)

add_executable(channel_peer
  ${CMAKE_CURRENT_LIST_DIR}/channelpeer.cpp ${CMAKE_CURRENT_LIST_DIR}/channeltesthelpers.h)
target_link_libraries(channel_peer PRIVATE vdc::shared)
vdc_target_warnings(channel_peer)

add_executable(tst_channel_processes
  ${CMAKE_CURRENT_LIST_DIR}/tst_channel_processes.cpp ${CMAKE_CURRENT_LIST_DIR}/channeltesthelpers.h)
target_link_libraries(tst_channel_processes PRIVATE vdc::shared Qt6::Test)
target_compile_definitions(tst_channel_processes PRIVATE VDC_CHANNEL_PEER="$<TARGET_FILE:channel_peer>")
add_dependencies(tst_channel_processes channel_peer)
vdc_target_warnings(tst_channel_processes)
add_test(NAME tst_channel_processes COMMAND tst_channel_processes)

set_tests_properties(tst_channel tst_channel_processes PROPERTIES LABELS unit TIMEOUT 300)
