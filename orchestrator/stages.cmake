# versus_stage(NAME [DEPENDS stage...]): one orchestrator stage as a static
# library (README.md, "Architecture"). A stage sees only the headers of the
# stages it declares: each library's include root is build/include/<NAME>/,
# holding one link <NAME> -> orchestrator/<NAME>, so a spec/ file that
# writes `#include "render/report.h"` does not compile. tests/layers.sh
# checks the sources against the same graph (VERSUS_STAGE_GRAPH): no "../"
# includes, no stage left out of DEPENDS.
set(VERSUS_INCLUDE_ROOT ${PROJECT_BINARY_DIR}/include)
set(VERSUS_STAGE_GRAPH "" CACHE INTERNAL "")

function(versus_stage name)
  cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
  set(dir ${PROJECT_SOURCE_DIR}/orchestrator/${name})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.c)
  set(root ${VERSUS_INCLUDE_ROOT}/${name})
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${dir} ${root}/${name} SYMBOLIC)
  add_library(versus_${name} STATIC ${sources})
  target_include_directories(versus_${name} PUBLIC ${root})
  target_link_libraries(versus_${name} PUBLIC versus_flags)
  foreach(dep ${ARG_DEPENDS})
    target_link_libraries(versus_${name} PUBLIC versus_${dep})
  endforeach()
  string(REPLACE ";" "," deps "${ARG_DEPENDS}")
  set(VERSUS_STAGE_GRAPH "${VERSUS_STAGE_GRAPH}${name}:${deps} "
    CACHE INTERNAL "")
endfunction()
