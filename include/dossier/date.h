/*
 * dossier/date.h: dates as news sources write them.
 */
#ifndef DOSSIER_DATE_H
#define DOSSIER_DATE_H

#include <stdint.h>

#include "dossier/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parses a publication date into seconds since 1970-01-01 UTC.
 * Accepts ISO 8601 / RFC 3339 ("2023-08-07", "2023-08-07T14:00:00Z",
 * "2023-08-07T14:00:00.123+09:00", "2023-08-07 14:00:00", without zone =
 * UTC, "20230807T140000Z"), and RFC 822 / RFC 1123 / RFC 2822 with the
 * variants feeds really send ("Mon, 07 Aug 2023 09:00:00 +0000",
 * "7 Aug 2023 09:00 GMT", "Mon, 7 Aug 2023 09:00:00 EST", zone names UT,
 * GMT, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT, single military letters,
 * a missing weekday, a wrong weekday, two-digit years, full month and day
 * names, extra spaces, no seconds).  Leading and trailing spaces are
 * ignored.  Returns DOSSIER_OK and sets *out, or DOSSIER_ERR_INVALID (and
 * leaves *out alone) when S is not a date or is out of range (years
 * 1000-9999).  Thread-safe; never reads the local time zone. */
dossier_status dossier_parse_date(const char *s, int64_t *out);

/* Writes T as "YYYY-MM-DDTHH:MM:SSZ" into OUT (at least 21 bytes). */
void dossier_format_date(int64_t t, char *out);

/* The civil date of T (UTC): year, month 1-12, day 1-31. */
void dossier_date_parts(int64_t t, int *year, int *month, int *day);

#ifdef __cplusplus
}
#endif

#endif
