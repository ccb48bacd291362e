#!/usr/bin/env python3
# tests/bench/mspdi_gen.py - a large Microsoft Project XML plan for the
# import benchmark: TASKS tasks in phases of ten (a summary and nine
# tasks), each task after the one before it in its phase (finish to
# start, every fifth with a day's lag), each phase's first task after the
# last task of the phase before, and a milestone closing each phase.
#
#   tests/bench/mspdi_gen.py [TASKS] > plan.xml     (default 10000)
import sys

tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out = sys.stdout
out.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Project xmlns="http://schemas.microsoft.com/project">'
          '<Name>bench</Name><CalendarUID>1</CalendarUID>'
          '<MinutesPerDay>480</MinutesPerDay><Calendars><Calendar><UID>1</UID>'
          '<Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>')
for day in range(1, 8):
    out.write('<WeekDay><DayType>%d</DayType><DayWorking>%d</DayWorking>'
              '</WeekDay>' % (day, 0 if day in (1, 7) else 1))
out.write('</WeekDays></Calendar></Calendars><Tasks>'
          '<Task><UID>0</UID><ID>0</ID><OutlineLevel>0</OutlineLevel></Task>')
last_of_phase = None
uid = 0
while uid < tasks:
    uid += 1
    phase = uid
    out.write('<Task><UID>%d</UID><ID>%d</ID><Name>Phase %d</Name>'
              '<OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>'
              % (uid, uid, uid))
    before = last_of_phase
    for k in range(1, 10):
        if uid >= tasks:
            break
        uid += 1
        milestone = k == 9
        link = ''
        if before is not None:
            lag = 4800 if uid % 5 == 0 else 0
            link = ('<PredecessorLink><PredecessorUID>%d</PredecessorUID>'
                    '<Type>1</Type><LinkLag>%d</LinkLag><LagFormat>7</LagFormat>'
                    '</PredecessorLink>' % (before, lag))
        out.write('<Task><UID>%d</UID><ID>%d</ID><Name>Task %d of phase %d</Name>'
                  '<OutlineLevel>2</OutlineLevel><Duration>%s</Duration>'
                  '<Milestone>%d</Milestone>%s</Task>'
                  % (uid, uid, k, phase,
                     'PT0H0M0S' if milestone else 'PT%dH0M0S' % (8 * (1 + uid % 4)),
                     milestone, link))
        before = uid
    last_of_phase = before
out.write('</Tasks></Project>\n')
