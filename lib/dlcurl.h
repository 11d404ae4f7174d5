/* dlcurl — libcurl, loaded with dlopen the first time an outside service
 * is called, not linked.
 *
 * libcurl brings some thirty shared libraries with it, and loading them is
 * most of a CGI's start-up (DESIGN §9): movies.cgi answers the show page's
 * GET /api/movies/<id> on every visit and needs libcurl only to import from
 * the provider; payments.cgi and wallet.cgi need it only for the HTTP
 * gateway.  A site without libcurl still works: the calls that need it fail
 * cleanly.  Call through the table, never curl_* directly: a direct call
 * would link libcurl back in. */
#ifndef SKYFOX_DLCURL_H
#define SKYFOX_DLCURL_H

#define CURL_DISABLE_TYPECHECK	1	/* calls go through pointers */
#include <curl/curl.h>

struct dlcurl {
	int		 tried, ok;
	CURLcode	(*global_init)(long);
	CURL		*(*easy_init)(void);
	CURLcode	(*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	(*easy_perform)(CURL *);
	CURLcode	(*easy_getinfo)(CURL *, CURLINFO, ...);
	void		(*easy_cleanup)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		(*slist_free_all)(struct curl_slist *);
};

extern struct dlcurl dlcurl;

/* Load libcurl and run curl_global_init, once per process: 0, or -1 when
 * libcurl is not there (dlcurl.ok stays 0). */
int	 dlcurl_load(void);

#endif
