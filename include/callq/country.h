/* Country names and codes to ISO alpha-2 regions (data/countries.tsv). */
#ifndef CALLQ_COUNTRY_H
#define CALLQ_COUNTRY_H

/*
 * Writes the alpha-2 region text names (alpha-2, alpha-3 or English name,
 * any case, surrounding blanks ignored) into code and returns 1; 0 when
 * the name is unknown, -1 when memory runs out.
 */
int country_find(const char *text, char code[3]);

#endif
