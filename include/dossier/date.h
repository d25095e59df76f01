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
 *
 * Accepts:
 * - ISO 8601 / RFC 3339 / W3C-DTF: "2023", "2023-08" (the first instant of
 *   the year or month), "2023-08-07", "20230807", ordinal "2023-219" and
 *   "2023219", week dates "2023-W32-1", "2023W321" and "2023-W32" (its
 *   Monday); then 'T', 't' or spaces and "14:00", "14:00:00", "9:00:00",
 *   "140000", with a fraction of any length ('.' or ','; dropped);
 *   "24:00:00" is the next day's midnight.  A zone may follow, after spaces
 *   or not: "Z"/"z", "+09:00", "+0900", "+09", or a zone name.  Date and
 *   time are both extended or both basic.  Also "2003-012-31" (a month
 *   with a leading zero too many, as Google wrote) and a month named in
 *   words, "2004-július-13".
 * - RFC 822 / 1123 / 2822 and RFC 850, day first, as feeds write them:
 *   "Mon, 07 Aug 2023 09:00:00 +0000", "Monday 7 August 2023 09:00 GMT",
 *   "Monday, 07-Aug-23 09:00:00 GMT", "07.Aug.2023", "7 Aug 2023": weekday
 *   optional, checked to be a day name but not against the date; commas,
 *   dashes or dots between the parts; no seconds, or a fraction; a
 *   trailing (comment).
 * - Month first: JavaScript's Date.toString() "Mon Aug 07 2023 09:00:00
 *   GMT+0200 (Central European Summer Time)", "Aug 7, 2023 9:00 PM EDT"
 *   (AM and PM on the 12-hour clock), and asctime "Mon Aug  7 09:00:00
 *   2023" with a zone before or after the year ("... +0000 2023").  Four-
 *   digit years only.
 * - Zones after a named-month date: "+0200", "-05:00", "+02", "0200" (no
 *   sign: east of UTC), "GMT+2", "GMT+0200", "UTC-05:00", a name of
 *   lib/date_zones.tsv in any case (UT, UTC, GMT, Z, the US zones, ET CT
 *   MT PT AT as standard time, CET, CEST, BST, JST, AEST, ...; IST is India,
 *   +05:30; CST is US Central; AST is Atlantic), an offset followed by a
 *   name that agrees with it ("-0500 EST"), and a single military letter
 *   but J, read as +0000 as RFC 2822 says.
 * - Month and day names of lib/date_names.tsv, in full or by their first
 *   three letters or more, ASCII in any case: English, Greek and
 *   Hungarian ("Κυρ, 11 Ιούλ 2004").
 * - Two-digit years, in day-first dates only: 00-49 are 2000-2049 and
 *   50-99 are 1950-1999 (RFC 2822 section 4.3).
 * No zone means UTC.  Leading and trailing spaces are ignored.
 *
 * Refuses rather than guesses: a day the month lacks ("Feb 30"), hour 25,
 * minute or second 61, a zone name not in the table (never read as UTC),
 * an offset beyond +-14:00, anything after the zone but a comment, months
 * written as numbers outside ISO order ("07.08.2023", "08/07/2023"), ISO
 * 8601:1988's two-digit years ("03-12-31"), and years outside 1000-9999
 * (after the zone is applied).
 *
 * Returns DOSSIER_OK and sets *out, or DOSSIER_ERR_INVALID (and leaves
 * *out alone) when S is not such a date or S or OUT is NULL.  Thread-safe:
 * keeps no state and never reads the locale or the local time zone. */
dossier_status dossier_parse_date(const char *s, int64_t *out);

/* Writes T as "YYYY-MM-DDTHH:MM:SSZ" into OUT (at least 21 bytes). */
void dossier_format_date(int64_t t, char *out);

/* The civil date of T (UTC): year, month 1-12, day 1-31. */
void dossier_date_parts(int64_t t, int *year, int *month, int *day);

#ifdef __cplusplus
}
#endif

#endif
