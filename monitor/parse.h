/* Parsing helpers the command code shares: word splitting and ASCII case folding. */
#ifndef MON_PARSE_H
#define MON_PARSE_H

#include <stdbool.h>

#include "mon.h"

int mon_split_words(char *line, char **argv, unsigned int max);
bool mon_streq_nocase(const char *a, const char *b);
bool mon_prefix_nocase(const char *prefix, const char *s);

#endif /* MON_PARSE_H */
