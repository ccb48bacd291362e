# tests/integration/schedule.cmake - ScheduleService: the schedule of a
# hand-worked plan, what-if, baselines, checks, forecasts and resources;
# and a request's deadline bounding its forecast and its SQL, on a server
# of one worker, which a request still running would hold up.
pmo_it_c_test(test_schedule)
pmo_it_c_test(test_deadline --workers 1)
foreach(name test_schedule test_deadline)
  target_sources(${name} PRIVATE ${PMO_IT_DIR}/it_work.c)
  target_link_libraries(${name} PRIVATE m)
endforeach()
