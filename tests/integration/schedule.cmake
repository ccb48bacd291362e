# tests/integration/schedule.cmake - ScheduleService: the schedule of a
# hand-worked plan, what-if, baselines, checks, forecasts and resources.
foreach(name test_schedule)
  pmo_it_c_test(${name})
  target_sources(${name} PRIVATE ${PMO_IT_DIR}/it_work.c)
  target_link_libraries(${name} PRIVATE m)
endforeach()
