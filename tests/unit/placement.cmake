# Unit tests of vdc::placement (included from tests/unit/CMakeLists.txt).
add_executable(tst_placementengine ${CMAKE_CURRENT_LIST_DIR}/tst_placementengine.cpp)
target_link_libraries(tst_placementengine PRIVATE vdc::placement Qt6::Test)
vdc_target_warnings(tst_placementengine)
add_test(NAME tst_placementengine COMMAND tst_placementengine)
set_tests_properties(tst_placementengine PROPERTIES LABELS unit TIMEOUT 120)
