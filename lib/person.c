/* person — the name and phone rules; see person.h. */
#include <string.h>

#include "person.h"

void
person_normalise_name(const char *in, char *out, size_t outsz)
{
	size_t	 o = 0;
	int	 space = 0;

	if (outsz == 0)
		return;
	while (*in == ' ' || *in == '\t')
		in++;
	for (; *in != '\0' && o + 1 < outsz; in++) {
		if (*in == ' ' || *in == '\t') {
			space = 1;
			continue;
		}
		if (space && o + 2 < outsz)
			out[o++] = ' ';
		space = 0;
		out[o++] = *in;
	}
	out[o] = '\0';
}

/* Letters by byte, without the locale: ASCII letters, and every byte of a
 * non-ASCII UTF-8 character. */
static int
letter(unsigned char ch)
{
	return ch >= 0x80 || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= 'a' && ch <= 'z');
}

const char *
person_check_name(const char *s)
{
	size_t	 chars = 0;
	int	 words = 0, in_word = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) != 0x80)
			chars++;
		if (*p == ' ') {
			in_word = 0;
			continue;
		}
		if (!letter(*p))
			return "may hold only letters and spaces";
		if (!in_word)
			words++;
		in_word = 1;
	}
	if (chars < 3 || chars > PERSON_NAME_CHARS)
		return "must be 3 to 70 characters";
	if (words > PERSON_NAME_WORDS)
		return "may have at most 4 words";
	return NULL;
}

const char *
person_check_phone(const char *s)
{
	if (strlen(s) != PERSON_PHONE_DIGITS)
		return "must be 10 digits";
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return "must be 10 digits";
	return NULL;
}
