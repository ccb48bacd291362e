# tests/integration/schedule.cmake - ScheduleService: the schedule of a
# hand-worked plan, what-if, baselines, checks, forecasts and resources;
# and a request's deadline bounding its forecast and its SQL, on a server
# of one worker, which a request still running would hold up; and the cap
# on one user's heavy calls in flight.
pmo_it_c_test(test_schedule)
pmo_it_c_test(test_deadline --workers 1)
# Four workers, so heavy calls may take three; one user gets two of them.
pmo_it_c_test(test_heavy_limits --workers 4 --heavy-calls-per-user 2)
foreach(name test_schedule test_deadline test_heavy_limits)
  target_sources(${name} PRIVATE ${PMO_IT_DIR}/it_work.c)
  target_link_libraries(${name} PRIVATE m)
endforeach()
