/* tests/test_orgnr.c: model/orgnr.h - Norwegian organisation numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "model/orgnr.h"

/* Real organisation numbers from Enhetsregisteret. */
static const char *const real[] = {
	"912660680", "983887406", "970141669", "986399445", "992447141",
	"983544622", "974761122", "983744516", "986252932", "971032146",
};

static void test_real_numbers_are_valid(void **state)
{
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		assert_true(orgnr_valid(real[i]));
		assert_int_equal(orgnr_check(real[i], &e), 0);
		assert_int_equal(e.code, ERR_NONE);
	}
}

/* Sum % 11 == 0 gives check digit 11, written as 0. */
static void test_check_digit_eleven_is_zero(void **state)
{
	(void)state;
	assert_true(orgnr_valid("910000020"));
	assert_true(orgnr_valid("910000160"));
	assert_false(orgnr_valid("910000021"));
}

/* Sum % 11 == 1 gives check digit 10: no last digit can make it valid. */
static void test_check_digit_ten_never_valid(void **state)
{
	char s[10] = "91000008?";
	char d;

	(void)state;
	for (d = '0'; d <= '9'; d++) {
		s[8] = d;
		assert_false(orgnr_valid(s));
	}
}

/* Changing any single digit of a valid number breaks the checksum. */
static void test_single_digit_errors_caught(void **state)
{
	char s[10];
	int pos;
	char d;

	(void)state;
	for (pos = 0; pos < 9; pos++) {
		for (d = '0'; d <= '9'; d++) {
			memcpy(s, "983887406", 10);
			if (s[pos] == d)
				continue;
			s[pos] = d;
			assert_false(orgnr_valid(s));
		}
	}
}

static void expect_shape_error(const char *s)
{
	struct err e = ERR_INIT;

	assert_false(orgnr_valid(s));
	assert_int_equal(orgnr_check(s, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_non_null(strstr(e.msg, "exactly 9 digits"));
	assert_null(strstr(e.msg, "check digit"));
}

static void test_wrong_length_or_characters(void **state)
{
	(void)state;
	expect_shape_error(NULL);
	expect_shape_error("");
	expect_shape_error("91266068");	/* 8 digits */
	expect_shape_error("9126606800");	/* 10 digits */
	expect_shape_error("912 660 680");
	expect_shape_error(" 912660680");
	expect_shape_error("912660680 ");
	expect_shape_error("NO912660680MVA");
	expect_shape_error("91266068O");	/* letter O */
	expect_shape_error("-12660680");
	expect_shape_error("９１２６６０６８０");	/* full-width digits */
	expect_shape_error("blåbær");
}

static void test_checksum_message(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(orgnr_check("912660681", &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_string_equal(e.msg,
			    "expected a valid organisation number, but "
			    "\"912660681\" does not pass the check digit test "
			    "(a typing error?)");
	assert_int_equal(orgnr_check("910000085", &e), -1);
	assert_non_null(strstr(e.msg, "check digit"));
	assert_int_equal(orgnr_check("12345678", &e), -1);
	assert_string_equal(e.msg, "expected an organisation number of exactly "
				   "9 digits, without spaces, got \"12345678\"");
	/* err may be NULL. */
	assert_int_equal(orgnr_check("x", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_numbers_are_valid),
		cmocka_unit_test(test_check_digit_eleven_is_zero),
		cmocka_unit_test(test_check_digit_ten_never_valid),
		cmocka_unit_test(test_single_digit_errors_caught),
		cmocka_unit_test(test_wrong_length_or_characters),
		cmocka_unit_test(test_checksum_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
