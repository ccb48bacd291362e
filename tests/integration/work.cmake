# tests/integration/work.cmake - WorkService: work items, dependencies and
# whole plans. Included from CMakeLists.txt beside it; the four programs
# share the fixture in it_work.c (a program, teams, projects and members
# made with SQL).
foreach(name test_work_items test_dependencies test_load_plan
        test_summary_links)
  pmo_it_c_test(${name})
  target_sources(${name} PRIVATE ${PMO_IT_DIR}/it_work.c)
  target_link_libraries(${name} PRIVATE m)
endforeach()
