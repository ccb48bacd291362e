/*
 * client/pmo/parse.h - what people type, turned into what the protocol
 * wants: dates, numbers, three-point estimates, enum names, keys.
 *
 * Every parser returns 0 and writes its out-parameter, or returns -1 with
 * a short reason in err that names the bad text ("not a date: '13/1'"):
 * the caller adds where it came from (an option, a CSV column).
 */
#ifndef PMO_CLIENT_PMO_PARSE_H
#define PMO_CLIENT_PMO_PARSE_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_DATE_LEN 11 /* "YYYY-MM-DD" and its NUL */

/* Today's date plus days, in the local time zone, as YYYY-MM-DD. */
void cli_date_today(int days, char out[CLI_DATE_LEN]);

/*
 * A calendar date: YYYY-MM-DD, "today", "tomorrow" or "yesterday".
 * With allow_empty, "" (and "none") give "", which clears a date.
 */
int cli_parse_date(const char *text, bool allow_empty, char out[CLI_DATE_LEN],
                   char *err, size_t errlen);

/* A finite number >= min. */
int cli_parse_number(const char *text, double min, double *out, char *err,
                     size_t errlen);

/* A finite number, negative allowed (a lag). */
int cli_parse_signed(const char *text, double *out, char *err, size_t errlen);

/* An integer in [min, max]. */
int cli_parse_int(const char *text, int64_t min, int64_t max, int64_t *out,
                  char *err, size_t errlen);

/* yes/no, true/false, on/off, 1/0. */
int cli_parse_bool(const char *text, bool *out, char *err, size_t errlen);

/*
 * Working days: "3" (optimistic, likely and pessimistic all 3) or "2/3/5"
 * (in that order, each no larger than the next).
 */
int cli_parse_estimate(const char *text, double days[3], char *err,
                       size_t errlen);

/*
 * An enum value by name, in any case, with - or _ between words, with or
 * without the enum's prefix: "in-progress", "IN_PROGRESS" and
 * "STATE_IN_PROGRESS" are STATE_IN_PROGRESS. Short forms some enums have:
 * fs/ss/ff/sf for dependency types, r/a/c/i for RACI roles. The
 * UNSPECIFIED value is refused; ROLE_NONE ("none") is not.
 */
int cli_parse_enum(const ProtobufCEnumDescriptor *d, const char *text, int *out,
                   char *err, size_t errlen);

/* The names cli_parse_enum takes, for messages: "todo, in-progress, ...". */
void cli_enum_choices(const ProtobufCEnumDescriptor *d, char *out, size_t len);

/* How a value reads for people: "in-progress"; "" for UNSPECIFIED. */
const char *cli_enum_label(const ProtobufCEnumDescriptor *d, int value,
                           char *out, size_t len);

/* Upper-cases a program key or work item ref in place ("chkout-4"). */
char *cli_key_upper(char *s);

/* The program key of a work item ref: "CHKOUT" of "CHKOUT-42". */
int cli_ref_program(const char *ref, char *out, size_t len);

/* True when text looks like a work item ref: KEY-NUMBER. */
bool cli_is_ref(const char *text);

/* Plain decimal without trailing zeros: "2", "0.5", "-1.25". */
const char *cli_number_format(double v, char *out, size_t len);

#endif
