/*
 * sort.h: the orders a search can list its hits in, and their names, one
 * set for the command line (--sort) and the page (sort=).
 */
#ifndef DOSSIER_SORT_H
#define DOSSIER_SORT_H

#include "dossier/status.h"

typedef enum { SORT_RELEVANCE, SORT_DATE, SORT_DATE_ASC } search_sort;

/* Reads a sort's name into *OUT: "relevance", "newest" (SORT_DATE) or
 * "oldest" (SORT_DATE_ASC); the older names "date" and "date-asc" are
 * still read.  Returns DOSSIER_OK, or DOSSIER_ERR_INVALID (*OUT left as
 * it was). */
dossier_status search_parse_sort(const char *name, search_sort *out);

/* The name of SORT: "relevance", "newest" or "oldest".  Static. */
const char *search_sort_name(search_sort sort);

#endif
