# Calendar changes as running tasks (StateDelta.policy_transition and
# CancelPolicyTransition) against the engine and a real host (vdc-monitor +
# vdc-agent on libvirt's test driver).
if(TARGET vdc-monitor AND TARGET vdc-agent)
  add_executable(tst_opstransition ${CMAKE_CURRENT_LIST_DIR}/tst_opstransition.cpp)
  target_link_libraries(tst_opstransition PRIVATE vdc::ops Qt6::Test vdc_testsupport)
  vdc_target_warnings(tst_opstransition)
  add_dependencies(tst_opstransition vdc-monitor vdc-agent)
  add_test(NAME tst_opstransition COMMAND tst_opstransition)
  set_tests_properties(tst_opstransition PROPERTIES LABELS unit TIMEOUT 120)
endif()

# The console's Running Tasks on calendar changes: a task row per transition
# and Cancel reaching a real embedded engine with a real host.
if(TARGET vdc_console_widgets AND TARGET vdc-monitor AND TARGET vdc-agent)
  add_executable(tst_consoletasks ${CMAKE_CURRENT_LIST_DIR}/tst_consoletasks.cpp)
  target_link_libraries(tst_consoletasks PRIVATE vdc::console_widgets Qt6::Test vdc_testsupport)
  vdc_target_warnings(tst_consoletasks)
  add_dependencies(tst_consoletasks vdc-monitor vdc-agent)
  add_test(NAME tst_consoletasks COMMAND tst_consoletasks)
  set_tests_properties(tst_consoletasks PROPERTIES LABELS unit TIMEOUT 180 ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endif()
