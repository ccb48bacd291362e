# tests/integration/gates.cmake - gates on milestones, program and gate
# templates, retros and the lessons library (GateService,
# TemplateService, RetroService, LessonService). They stand on the work
# tests' fixture (it_work.c).
foreach(name test_gates test_templates test_template_plans test_lessons)
  pmo_it_c_test(${name})
  target_sources(${name} PRIVATE ${PMO_IT_DIR}/it_work.c)
  target_link_libraries(${name} PRIVATE m)
endforeach()
