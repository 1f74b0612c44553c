/*
 * libcurl, loaded when the first request is made (src/dial/curlib.c):
 * linked in, it and OpenSSL cost every start of callq their relocations,
 * though most commands send nothing. dialer.c and smtp.c include this
 * after <curl/curl.h> and call curl_* as before: the names below are
 * bound to the table curlib_load fills. Call curlib_load first.
 */
#ifndef CALLQ_DIAL_CURLIB_H
#define CALLQ_DIAL_CURLIB_H

#include <curl/curl.h>

#include "callq/err.h"

struct curlib {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *e);
	const char *(*easy_strerror)(CURLcode rc);
	void (*easy_cleanup)(CURL *e);
	struct curl_slist *(*slist_append)(struct curl_slist *l,
	    const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
	CURLMcode (*multi_cleanup)(CURLM *m);
	CURLMcode (*multi_socket_action)(CURLM *m, curl_socket_t s, int ev,
	    int *running);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
};

extern struct curlib curlib;

/*
 * Loads libcurl and curl_global_init's it, once. Fails with
 * EX_UNAVAILABLE, saying why, when it cannot be; what names the request
 * ends the sentence ("nothing was sent").
 */
int curlib_load(struct err *err, const char *what);

#ifndef CURLIB_TABLE
/* <curl/typecheck-gcc.h> makes some of these macros of its own. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_global_cleanup	(curlib.global_cleanup)
#define curl_easy_init		(curlib.easy_init)
#define curl_easy_setopt	(curlib.easy_setopt)
#define curl_easy_getinfo	(curlib.easy_getinfo)
#define curl_easy_perform	(curlib.easy_perform)
#define curl_easy_strerror	(curlib.easy_strerror)
#define curl_easy_cleanup	(curlib.easy_cleanup)
#define curl_slist_append	(curlib.slist_append)
#define curl_slist_free_all	(curlib.slist_free_all)
#define curl_multi_init		(curlib.multi_init)
#define curl_multi_setopt	(curlib.multi_setopt)
#define curl_multi_add_handle	(curlib.multi_add_handle)
#define curl_multi_remove_handle (curlib.multi_remove_handle)
#define curl_multi_cleanup	(curlib.multi_cleanup)
#define curl_multi_socket_action (curlib.multi_socket_action)
#define curl_multi_info_read	(curlib.multi_info_read)
#endif

#endif
