# stats_bench: times the statistics (tests/bench/stats_bench.c). Not a
# test; run it by hand from a build without sanitizers:
#   cmake --build <build> --target stats_bench && <build>/tests/stats_bench
# Include this file from tests/CMakeLists.txt: include(bench/stats.cmake)
add_executable(stats_bench ${CMAKE_CURRENT_LIST_DIR}/stats_bench.c)
target_link_libraries(stats_bench PRIVATE versus_cli)
