/*
 * formats/json_locate.h: finds where a value sits in JSON text. jansson
 * reports positions only for syntax errors, but an import error must name
 * the line and column of the field that is wrong, so on that (cold) path we
 * rescan the text, which jansson has already accepted, for one path.
 */
#ifndef VEIKART_FORMATS_JSON_LOCATE_H
#define VEIKART_FORMATS_JSON_LOCATE_H

#include <stddef.h>

/*
 * Path syntax: keys separated by '.', array indexes in brackets, e.g.
 * "measures[3].responsible[0].actor". Keys may hold any byte but '.' and '['
 * and are named decoded, as jansson gives them ("title" finds "\u0074itle").
 * On success sets *line and *column (both 1-based; the column counts UTF-8
 * characters) to the start of the value and returns 0. When the path is not
 * all there, returns the position of the deepest part that is (so "field
 * missing" points at its record) and -1 only for an empty or unparsable
 * text.
 */
int json_locate(const char *text, size_t len, const char *path, int *line,
		int *column);

/*
 * Line and column (1-based, column in UTF-8 characters) of byte `offset`,
 * which must not pass the end of text; a NUL byte counts as a character.
 */
void json_position(const char *text, size_t offset, int *line, int *column);

#endif
