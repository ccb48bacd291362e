# tests/integration/governance.cmake - stakeholders, comments and the
# activity feed (StakeholderService, CommentService).
pmo_it_c_test(test_stakeholders)
pmo_it_c_test(test_comments)
pmo_it_c_test(test_activity)
