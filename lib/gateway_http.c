/* gateway_http — a remote card gateway over HTTP(S) with libcurl; the
 * protocol is in gateway.h.
 *
 * libcurl is loaded (lib/dlcurl) the first time a charge or lookup needs it,
 * not linked: with the default simulator, payments.cgi and wallet.cgi load
 * no more shared libraries than bookings.cgi (libcurl brings some thirty
 * with it, and loading them is most of a CGI's start-up — DESIGN §9).  A
 * site without libcurl still works with the simulator; the HTTP gateway
 * then fails cleanly ("not charged").
 *
 * The request body holds the card number and CVV for the one call: every
 * copy is wiped before it is freed, and nothing about the card but brand
 * and last four is ever logged.  Proxies from the environment are ignored
 * (a CGI's environment is not ours to trust), TLS peers are verified,
 * redirects are not followed, and the answer is capped in size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "dlcurl.h"
#include "gateway.h"
#include "json.h"
#include "text.h"

#define HTTP_MAX_ANSWER		(16 * 1024)

struct sink {
	struct buf	 b;
	int		 overflow;
};

static size_t
collect(char *p, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;

	if (s->b.len + size * n > HTTP_MAX_ANSWER) {
		s->overflow = 1;
		return 0;		/* makes curl fail with a write error */
	}
	buf_append(&s->b, p, size * n);
	return size * n;
}

/* Wipe every string of a cJSON tree (it holds the card number and CVV). */
static void
wipe_json(cJSON *j)
{
	for (; j != NULL; j = j->next) {
		if (j->valuestring != NULL)
			explicit_bzero(j->valuestring, strlen(j->valuestring));
		wipe_json(j->child);
	}
}

/* Keep a transaction id to the characters a log or a receipt can carry. */
static void
copy_txn(const char *in, char out[GATEWAY_TXN_MAX + 1])
{
	size_t	 n = 0;

	for (; in != NULL && *in != '\0' && n < GATEWAY_TXN_MAX; in++)
		if ((*in >= 'a' && *in <= 'z') || (*in >= 'A' && *in <= 'Z') ||
		    (*in >= '0' && *in <= '9') || strchr("_-.:", *in) != NULL)
			out[n++] = *in;
	out[n] = '\0';
}

/* Read {"status", "transaction_id"} into out; 0, or -1 when the answer is
 * not one we understand. */
static int
parse_answer(const char *body, struct gateway_outcome *out)
{
	cJSON	*j = cJSON_Parse(body);
	const cJSON *st, *tx;
	int	 rc = 0;

	if (j == NULL)
		return -1;
	st = cJSON_GetObjectItemCaseSensitive(j, "status");
	tx = cJSON_GetObjectItemCaseSensitive(j, "transaction_id");
	if (!cJSON_IsString(st))
		rc = -1;
	else if (strcmp(st->valuestring, "approved") == 0) {
		out->result = GATEWAY_APPROVED;
		copy_txn(cJSON_IsString(tx) ? tx->valuestring : NULL,
		    out->transaction_id);
		if (out->transaction_id[0] == '\0')
			rc = -1;
	} else if (strcmp(st->valuestring, "declined") == 0)
		out->result = GATEWAY_DECLINED;
	else if (strcmp(st->valuestring, "insufficient_funds") == 0)
		out->result = GATEWAY_INSUFFICIENT;
	else
		rc = -1;
	cJSON_Delete(j);
	return rc;
}

/* One request.  Returns the curl code; *status is the HTTP status (0 when
 * none arrived) and *connected says whether a connection was made. */
static CURLcode
request(const struct conf *c, const char *method, const char *suffix,
    const char *body, const char *idem_key, long *status, int *connected,
    struct sink *answer)
{
	const char *base = conf_get(c, "payment_gateway_url", "");
	const char *key = conf_get(c, "payment_gateway_key", "");
	long long cto = conf_int(c, "payment_timeout_connect", 3);
	long long tto = conf_int(c, "payment_timeout_total", 10);
	struct curl_slist *h = NULL;
	struct buf url = BUF_INIT, line = BUF_INIT;
	curl_off_t ct = 0;
	CURL	*e;
	CURLcode cc;
	size_t	 n = strlen(base);

	*status = 0;
	*connected = 0;
	if (dlcurl_load() == -1)
		return CURLE_FAILED_INIT;
	if (n == 0 || (e = dlcurl.easy_init()) == NULL)
		return CURLE_URL_MALFORMAT;
	while (n > 0 && base[n - 1] == '/')
		n--;
	buf_append(&url, base, n);
	buf_puts(&url, suffix);

	h = dlcurl.slist_append(h, "Accept: application/json");
	h = dlcurl.slist_append(h, "User-Agent: SkyFox-Cinema/1");
	h = dlcurl.slist_append(h, "Expect:");
	if (body != NULL)
		h = dlcurl.slist_append(h, "Content-Type: application/json");
	if (*key != '\0' && text_header_safe(key)) {
		buf_printf(&line, "X-Api-Key: %s", key);
		h = dlcurl.slist_append(h, buf_str(&line));
		explicit_bzero(line.data, line.len);
		buf_reset(&line);
	}
	if (idem_key != NULL) {
		buf_printf(&line, "Idempotency-Key: %s", idem_key);
		h = dlcurl.slist_append(h, buf_str(&line));
	}

	dlcurl.easy_setopt(e, CURLOPT_URL, buf_str(&url));
	dlcurl.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	dlcurl.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	dlcurl.easy_setopt(e, CURLOPT_PROXY, "");	/* ignore *_proxy env */
	dlcurl.easy_setopt(e, CURLOPT_NOPROXY, "*");
	dlcurl.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	dlcurl.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	dlcurl.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	dlcurl.easy_setopt(e, CURLOPT_CONNECTTIMEOUT, (long)(cto > 0 ? cto : 3));
	dlcurl.easy_setopt(e, CURLOPT_TIMEOUT, (long)(tto > 0 ? tto : 10));
	dlcurl.easy_setopt(e, CURLOPT_HTTPHEADER, h);
	dlcurl.easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
	dlcurl.easy_setopt(e, CURLOPT_WRITEDATA, answer);
	dlcurl.easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		dlcurl.easy_setopt(e, CURLOPT_POSTFIELDS, body);
		dlcurl.easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	cc = dlcurl.easy_perform(e);
	dlcurl.easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
	dlcurl.easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &ct);
	*connected = ct > 0 || *status != 0;
	dlcurl.easy_cleanup(e);
	/* The header list holds the API key. */
	for (struct curl_slist *p = h; p != NULL; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	dlcurl.slist_free_all(h);
	buf_free(&url);
	buf_free(&line);
	return cc;
}

/* Map a finished request to an outcome, for a charge (lookup = 0) or a
 * lookup (lookup = 1). */
static void
classify(CURLcode cc, long status, int connected, struct sink *ans,
    int lookup, struct gateway_outcome *out)
{
	if (cc != CURLE_OK) {
		/* Never connected: the request cannot have been seen. */
		out->result = connected ? GATEWAY_UNKNOWN : GATEWAY_FAILED;
		snprintf(out->detail, sizeof(out->detail), "gateway: %s%s",
		    ans->overflow ? "answer too large" : (dlcurl.ok ? dlcurl.easy_strerror(cc) : "libcurl is not available"),
		    connected ? " (after connecting)" : "");
		if (lookup)
			out->result = GATEWAY_UNKNOWN;
		return;
	}
	out->answered = 1;
	if (lookup && status == 404) {
		out->result = GATEWAY_NOT_FOUND;
		snprintf(out->detail, sizeof(out->detail),
		    "gateway: no charge with this key");
		return;
	}
	if (status == 200 || status == 201 || status == 402) {
		if (parse_answer(buf_str(&ans->b), out) == 0) {
			snprintf(out->detail, sizeof(out->detail),
			    "gateway: HTTP %ld", status);
			return;
		}
		out->result = GATEWAY_UNKNOWN;
		snprintf(out->detail, sizeof(out->detail),
		    "gateway: HTTP %ld with an answer we do not understand",
		    status);
		return;
	}
	/* 5xx and 409 (the same key in progress): maybe charged.  Any other
	 * 4xx (bad key, bad request): refused before charging. */
	out->result = (status >= 500 || status == 409 || lookup) ?
	    GATEWAY_UNKNOWN : GATEWAY_FAILED;
	snprintf(out->detail, sizeof(out->detail), "gateway: HTTP %ld",
	    status);
}

int
gateway_http_charge(const struct conf *c, const struct gateway_charge *ch,
    struct gateway_outcome *out)
{
	cJSON	*j = cJSON_CreateObject(), *card;
	struct buf body = BUF_INIT;
	char	 amount[24];
	struct sink ans = { BUF_INIT, 0 };
	long	 status;
	int	 connected;
	CURLcode cc;

	memset(out, 0, sizeof(*out));
	/* Paise as digits: money never passes through a double. */
	snprintf(amount, sizeof(amount), "%lld", ch->amount);
	cJSON_AddRawToObject(j, "amount", amount);
	cJSON_AddStringToObject(j, "currency", ch->currency);
	cJSON_AddStringToObject(j, "idempotency_key", ch->idempotency_key);
	cJSON_AddStringToObject(j, "description", ch->description);
	card = cJSON_AddObjectToObject(j, "card");
	cJSON_AddStringToObject(card, "number", ch->card->number);
	cJSON_AddStringToObject(card, "cvv", ch->card->cvv);
	cJSON_AddStringToObject(card, "expiry", ch->card->expiry);
	cJSON_AddStringToObject(card, "name", ch->card->name);
	if (json_write(&body, j) == -1 || !buf_ok(&body)) {
		explicit_bzero(body.data, body.len);
		buf_free(&body);
		body.data = NULL;
	}
	wipe_json(j);
	cJSON_Delete(j);
	if (body.data == NULL) {
		out->result = GATEWAY_FAILED;
		snprintf(out->detail, sizeof(out->detail), "out of memory");
		return 0;
	}
	cc = request(c, "POST", "/charges", body.data, ch->idempotency_key,
	    &status, &connected, &ans);
	explicit_bzero(body.data, body.len);
	buf_free(&body);
	classify(cc, status, connected, &ans, 0, out);
	buf_free(&ans.b);
	return 0;
}

int
gateway_http_lookup(const struct conf *c, const char *key,
    struct gateway_outcome *out)
{
	struct sink ans = { BUF_INIT, 0 };
	char	 suffix[16 + GATEWAY_KEY_LEN];
	long	 status;
	int	 connected;
	CURLcode cc;

	memset(out, 0, sizeof(*out));
	/* Keys are ours ("pay_" + hex): nothing to escape in the path. */
	if (strlen(key) > GATEWAY_KEY_LEN || strspn(key,
	    "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(key)) {
		out->result = GATEWAY_UNKNOWN;
		snprintf(out->detail, sizeof(out->detail), "bad key");
		return 0;
	}
	snprintf(suffix, sizeof(suffix), "/charges/%s", key);
	cc = request(c, "GET", suffix, NULL, NULL, &status, &connected, &ans);
	classify(cc, status, connected, &ans, 1, out);
	buf_free(&ans.b);
	return 0;
}
