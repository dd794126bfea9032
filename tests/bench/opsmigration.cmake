# Live migration through vdc-opsd and the real vdcctl against a bare
# `virsh migrate --live --p2p`, on a rig the program starts itself
# (bench_opsmigration, no arguments): a program that prints its figures.
if(TARGET vdc_testsupport AND TARGET vdc_counter_guest)
  add_executable(bench_opsmigration ${CMAKE_CURRENT_LIST_DIR}/bench_opsmigration.cpp)
  target_link_libraries(bench_opsmigration PRIVATE vdc_testsupport vdc::shared Qt6::Core)
  target_compile_definitions(bench_opsmigration PRIVATE
    VDC_COUNTER_IMAGE="${VDC_COUNTER_IMAGE}"
    VDC_RIG_SCRIPT="${PROJECT_SOURCE_DIR}/tests/rig/vdc-rig")
  add_dependencies(bench_opsmigration vdc_counter_guest vdc-monitor vdc-agent vdc-opsd vdcctl)
  vdc_target_warnings(bench_opsmigration)
endif()
