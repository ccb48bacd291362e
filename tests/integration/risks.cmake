# tests/integration/risks.cmake - RiskService and MeetingService: risks and
# their scores, the matrix, risks becoming issues, issues, decisions,
# assumptions, action items across programs, and meetings. The programs
# share the fixture in it_work.c and it_raid.c.
foreach(name test_risks test_issues test_actions)
  pmo_it_c_test(${name})
  target_sources(${name} PRIVATE ${PMO_IT_DIR}/it_work.c
                 ${PMO_IT_DIR}/it_raid.c)
  target_link_libraries(${name} PRIVATE m)
endforeach()
