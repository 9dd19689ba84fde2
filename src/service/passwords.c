/*
 * service/passwords.c: the list of common passwords that auth_password_check
 * refuses. Attackers try these first, whatever the length rule says, so
 * the list holds the most common passwords of the large public breach
 * corpora (the "top" lists published by NCSC and others) and Norwegian
 * ones: passord*, seasons with a year (sommer2024), places, football
 * clubs, days and months, words of this application's own domain.
 *
 * The comparison ignores letter case (ASCII and Latin-1 letters such as
 * Æ, Ø, Å) and a tail of digits and punctuation ("Sommer2024!!" is
 * "sommer" with a tail), and a password of one repeated character counts
 * as common. No state, no allocation.
 */
#include <stdbool.h>
#include <string.h>

#include "service/auth.h"

static const char *const common[] = {
	"123456", "password", "12345678", "qwerty", "123456789", "12345",
	"1234", "111111", "1234567", "dragon", "123123", "baseball", "abc123",
	"football", "monkey", "letmein", "696969", "shadow", "master",
	"666666", "qwertyuiop", "123321", "mustang", "1234567890", "michael",
	"654321", "superman", "1qaz2wsx", "7777777", "121212", "000000",
	"qazwsx", "123qwe", "killer", "trustno1", "jordan", "jennifer",
	"zxcvbnm", "asdfgh", "hunter", "buster", "soccer", "harley", "batman",
	"andrew", "tigger", "sunshine", "iloveyou", "2000", "charlie",
	"robert", "thomas", "hockey", "ranger", "daniel", "starwars",
	"klaster", "112233", "george", "computer", "michelle", "jessica",
	"pepper", "1111", "zxcvbn", "555555", "11111111", "131313", "freedom",
	"777777", "pass", "maggie", "159753", "aaaaaa", "ginger", "princess",
	"joshua", "cheese", "amanda", "summer", "love", "ashley", "nicole",
	"chelsea", "biteme", "matthew", "access", "yankees", "987654321",
	"dallas", "austin", "thunder", "taylor", "matrix", "mobilemail",
	"mom", "monitor", "monitoring", "montana", "moon", "moscow",
	"welcome", "welcome1", "password1", "password12", "password123",
	"password1234", "password12345", "password123456", "passw0rd",
	"p@ssw0rd", "p@ssword", "admin", "admin123", "administrator", "root",
	"toor", "changeme", "letmein123", "qwerty123", "qwerty1234",
	"qwerty12345", "qwerty123456", "qwertyuiop123", "1q2w3e4r",
	"1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsx", "!qaz2wsx",
	"qazwsxedc", "qazwsxedcrfv", "asdfghjkl", "asdfghjkl123",
	"zxcvbnm123", "iloveyou1", "iloveyou123", "iloveyou1234", "abcdefg",
	"abcdefgh", "abcdefghi", "abcdefghij", "abcdefghijk", "abcdefghijkl",
	"abc123456", "abcd1234", "abcd12345678", "a1b2c3d4", "a1b2c3d4e5f6",
	"123abc", "123456abc", "123456789a", "123456789abc", "1234567890a",
	"1234qwer", "12345qwert", "123456qwerty", "qwe123", "qweasd",
	"qweasdzxc", "qweasdzxc123", "1234567891", "12345678910",
	"123456789012", "1234567890123", "0987654321", "098765432109",
	"111111111111", "000000000000", "121212121212", "123123123123",
	"112233445566", "147258369", "147258369258", "159357", "159357456",
	"963852741", "741852963", "987654321987", "222222222222",
	"999999999999", "666666666666", "888888888888", "passwordpassword",
	"passpasspass", "mypassword", "mypassword123", "secret", "secret123",
	"secretpassword", "supersecret", "trustno1trustno1", "whatever",
	"whatever123", "sunshine123", "princess123", "football123",
	"baseball123", "dragon123", "monkey123", "shadow123", "master123",
	"superman123", "batman123", "starwars123", "pokemon", "pokemon123",
	"minecraft", "minecraft123", "fortnite", "fortnite123", "google",
	"google123", "facebook", "linkedin", "microsoft", "apple123",
	"samsung", "samsung123", "internet", "computer123", "changeme123",
	"default", "default123", "guest", "guest123", "test", "test123",
	"test1234", "testtest", "testing", "testing123", "temp", "temp123",
	"hello", "hello123", "hello12345", "helloworld", "helloworld123",
	"loveyou", "lovely", "loveme", "flower", "flower123", "butterfly",
	"purple", "purple123", "orange", "banana", "chocolate", "cookie",
	"jesus", "jesus123", "christ", "blessed", "angel", "angel123",
	"freedom123", "liverpool", "liverpool123", "arsenal", "arsenal123",
	"manchester", "manchesterunited", "chelsea123", "barcelona",
	"realmadrid", "january", "february", "october", "november",
	"december", "spring", "autumn", "winter", "summer2023", "summer2024",
	"summer2025", "winter2023", "winter2024", "winter2025", "spring2024",
	"spring2025", "autumn2024", "autumn2025", "welcome123", "welcome1234",
	"welcome2024", "welcome2025", "letmein1", "letmeinnow",
	"qwertyqwerty", "asdfasdfasdf", "zaq1zaq1", "zaq1xsw2", "q1w2e3r4",
	"q1w2e3r4t5y6", "1a2b3c4d", "11223344", "12344321", "nopassword",
	"password!", "password1!", "password123!", "p@ssw0rd123", "p@ssw0rd!",
	"admin1234", "administrator1", "correcthorsebatterystaple", "passord",
	"passord1", "passord12", "passord123", "passord1234", "passord12345",
	"passord123456", "passord1234567", "passord12345678",
	"passordpassord", "mittpassord", "mittpassord123", "hemmelig",
	"hemmelig123", "hemmeligpassord", "velkommen", "velkommen1",
	"velkommen123", "velkommen1234", "velkommen2024", "velkommen2025",
	"sommer", "sommer123", "sommer2023", "sommer2024", "sommer2025",
	"sommer2026", "sommeren", "vinter", "vinter123", "vinter2023",
	"vinter2024", "vinter2025", "høst", "høst2024", "høst2025",
	"host2024", "host2025", "vår2024", "vår2025", "var2024", "var2025",
	"høsten2024", "norge", "norge123", "norge1234", "norge2024", "norway",
	"norway123", "heianorge", "heianorge123", "oslo", "oslo123",
	"oslo1234", "bergen", "bergen123", "trondheim", "stavanger", "tromsø",
	"tromso", "drammen", "kristiansand", "rosenborg", "rosenborg123",
	"brann", "brann123", "vålerenga", "valerenga", "molde", "lillestrøm",
	"viking", "bodøglimt", "bodoglimt", "fotball", "fotball123",
	"håndball", "handball", "ski", "skiing", "solskinn", "solskinn123",
	"kjærlighet", "kjaerlighet", "elskerdeg", "elskerdeg123",
	"jegelskerdeg", "hjertet", "sjokolade", "sjokolade123", "pannekake",
	"pepperkake", "julenissen", "julaften", "jul2024", "jul2025", "påske",
	"påske2024", "paske2024", "17mai", "17mai2024", "syttendemai",
	"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag",
	"lordag", "søndag", "sondag", "januar", "februar", "mars", "april",
	"mai", "juni", "juli", "august", "september", "oktober", "desember",
	"fiskeboller", "brunost", "fjellet", "fjorden", "hytta", "hytta123",
	"hytte", "nordmann", "ola", "olanordmann", "karinordmann",
	"qwertyuiopå", "asdfghjkløæ", "tertialrapport", "veikart",
	"veikart123", "veikart2024", "veikart2025", "helse", "helse123",
	"helsenorge", "helsedirektoratet", "departementet", "regjeringen",
	"stortinget", "innlogging", "logginn", "logginn123", "bruker",
	"bruker123", "brukernavn", "admin2024", "sikkerhet", "sikkerhet123",
	"endremeg", "endremeg123", "byttmeg", "byttmeg123",
};

/* Lower case for ASCII and the Latin-1 letters in UTF-8 (C3 80-9E), so
 * that "PASSORD" and "HØST" match the list. */
static void fold(const char *in, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)in;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		else if (i > 0 && s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E &&
			 c != 0x97)
			c = (unsigned char)(c + 32);
		out[i] = (char)c;
	}
	out[n] = '\0';
}

static bool listed(const char *s)
{
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (!strcmp(s, common[i]))
			return true;
	return false;
}

static bool one_character(const char *s)
{
	for (size_t i = 1; s[i]; i++)
		if (s[i] != s[0])
			return false;
	return true;
}

bool auth_password_is_common(const char *password)
{
	char low[AUTH_PASSWORD_MAX + 1];
	size_t n = password ? strlen(password) : 0;

	if (!n || n > AUTH_PASSWORD_MAX)
		return false;
	fold(password, n, low);
	if (listed(low) || one_character(low))
		return true;
	/* "passord" + "123456!", "sommer" + "2024!!": the word decides. */
	while (n && strchr("0123456789!?.,-_#@$%&*+=/ ", low[n - 1]))
		low[--n] = '\0';
	return n > 0 && listed(low);
}
