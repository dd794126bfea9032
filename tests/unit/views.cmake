# Each main view of the real vdc-console rendered under Xvfb to a PNG
# (docs/screenshots holds the current ones).
if(TARGET vdc-console)
  foreach(view window map calendar charts)
    add_test(NAME render_view_${view}
      COMMAND ${CMAKE_CURRENT_LIST_DIR}/render-view.sh $<TARGET_FILE:vdc-console> ${view}
              ${CMAKE_CURRENT_BINARY_DIR}/screenshots)
    set_tests_properties(render_view_${view} PROPERTIES LABELS unit TIMEOUT 300)
  endforeach()
endif()
