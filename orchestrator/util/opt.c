#include "util/opt.h"

#include <string.h>

#include "util/banned.h"

const char *opt_value(int argc, char **argv, int *i, const char *lng,
		      const char *shrt)
{
	const char *a = argv[*i];
	size_t len = strlen(lng);
	if (!strncmp(a, lng, len) && a[len] == '=')
		return a + len + 1;
	if (strcmp(a, lng) && (!shrt || strcmp(a, shrt)))
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}

bool opt_is(const char *a, const char *lng, const char *shrt)
{
	size_t len = strlen(lng);
	return !strcmp(a, lng) || (shrt && !strcmp(a, shrt)) ||
	       (!strncmp(a, lng, len) && a[len] == '=');
}
