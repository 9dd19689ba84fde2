/*
 * fuzz/fuzz_orgnr.c: libFuzzer target for model/orgnr.h. orgnr_valid and
 * orgnr_check must agree with each other and with a second, independent
 * reading of the MOD11 rule, and messages must be showable.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/orgnr.h"
#include "model/value.h"

/*
 * The rule written out again, differently: with the check digit weighted 1,
 * a valid number's weighted sum is 0 mod 11. This covers "11 means 0", and
 * no digit can stand for 10.
 */
static bool reference_valid(const char *s)
{
	static const int w[9] = { 3, 2, 7, 6, 5, 4, 3, 2, 1 };
	int sum = 0, i;

	if (strlen(s) != 9 || strspn(s, "0123456789") != 9)
		return false;
	for (i = 0; i < 9; i++)
		sum += w[i] * (s[i] - '0');
	return sum % 11 == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct err e = ERR_INIT;
	bool valid;
	int rc;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	valid = orgnr_valid(s);
	rc = orgnr_check(s, &e);
	if (valid != (rc == 0) || valid != reference_valid(s))
		abort();
	if (!valid && (e.code != ERR_UNPROCESSABLE ||
		       value_check_text(e.msg, ERR_MSG_MAX, NULL) != 0))
		abort();
	free(s);
	return 0;
}
