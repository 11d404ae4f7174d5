/* dlcurl — libcurl loaded on first use; see dlcurl.h. */
#include <dlfcn.h>
#include <stddef.h>

#include "dlcurl.h"

struct dlcurl dlcurl;

int
dlcurl_load(void)
{
	static const char *const names[] = { "libcurl.so.4",
	    "libcurl-gnutls.so.4", "libcurl.so" };
	void	*h = NULL;

	if (dlcurl.tried)
		return dlcurl.ok ? 0 : -1;
	dlcurl.tried = 1;
	for (size_t i = 0; h == NULL && i < sizeof(names) / sizeof(names[0]);
	    i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return -1;
#define SYM(field, name) \
	if ((*(void **)&dlcurl.field = dlsym(h, name)) == NULL) return -1
	SYM(global_init, "curl_global_init");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
#undef SYM
	if (dlcurl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	dlcurl.ok = 1;
	return 0;
}
