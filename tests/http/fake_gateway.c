/* fake_gateway — a loopback card gateway for the payment tests; see
 * fake_gateway.h. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "fake_gateway.h"

#define MAX_KEYS	1024
#define MAX_REQUEST	(64 * 1024)

struct book {
	char	 key[64];
	char	 outcome[24];	/* approved, declined, insufficient_funds */
	char	 txn[48];
	long	 charged;
};

struct shared {
	sem_t	 lock;
	char	 mode[16];
	int	 delay;
	long	 charges;
	long	 requests;
	int	 n;
	struct book b[MAX_KEYS];
	char	 last[8192];
};

static struct shared *S;

static void
respond(int fd, int status, const char *body)
{
	char	 head[256];
	int	 n = snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n", status, strlen(body));

	if (write(fd, head, (size_t)n) < 0 || write(fd, body, strlen(body)) < 0)
		return;
}

/* The value of header name (lowercase, with ':') in the header block. */
static void
header(const char *head, const char *name, char *out, size_t n)
{
	const char *p = head;
	size_t	 len;

	out[0] = '\0';
	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, strlen(name)) == 0) {
			p += strlen(name);
			while (*p == ' ')
				p++;
			len = strcspn(p, "\r\n");
			if (len >= n)
				len = n - 1;
			memcpy(out, p, len);
			out[len] = '\0';
			return;
		}
	}
}

static struct book *
find(const char *key)
{
	for (int i = 0; i < S->n; i++)
		if (strcmp(S->b[i].key, key) == 0)
			return &S->b[i];
	return NULL;
}

static void
answer_book(int fd, const struct book *b)
{
	char	 out[256];

	if (strcmp(b->outcome, "approved") == 0)
		snprintf(out, sizeof(out), "{\"status\":\"approved\","
		    "\"transaction_id\":\"%s\"}", b->txn);
	else
		snprintf(out, sizeof(out), "{\"status\":\"%s\"}", b->outcome);
	respond(fd, strcmp(b->outcome, "approved") == 0 ? 200 : 402, out);
}

static void
charge(int fd, const char *head, const char *body)
{
	char	 apikey[128], idem[128], mode[16];
	cJSON	*j = cJSON_Parse(body), *last;
	const cJSON *k, *card, *num;
	struct book *b, tmp;
	int	 delay;
	char	*text;

	header(head, "x-api-key:", apikey, sizeof(apikey));
	header(head, "idempotency-key:", idem, sizeof(idem));
	sem_wait(&S->lock);
	S->requests++;
	last = cJSON_CreateObject();
	cJSON_AddStringToObject(last, "api_key", apikey);
	cJSON_AddStringToObject(last, "idempotency_header", idem);
	cJSON_AddItemToObject(last, "body", j ? cJSON_Duplicate(j, 1) :
	    cJSON_CreateNull());
	text = cJSON_PrintUnformatted(last);
	snprintf(S->last, sizeof(S->last), "%s", text ? text : "{}");
	free(text);
	cJSON_Delete(last);
	snprintf(mode, sizeof(mode), "%s", S->mode);
	delay = S->delay;
	sem_post(&S->lock);

	if (strcmp(apikey, FAKE_GATEWAY_KEY) != 0) {
		respond(fd, 401, "{\"error\":\"bad api key\"}");
		goto out;
	}
	k = cJSON_GetObjectItem(j, "idempotency_key");
	card = cJSON_GetObjectItem(j, "card");
	num = cJSON_GetObjectItem(card, "number");
	if (!cJSON_IsString(k) || !cJSON_IsString(num) ||
	    strcmp(k->valuestring, idem) != 0) {
		respond(fd, 400, "{\"error\":\"bad request\"}");
		goto out;
	}
	if (strcmp(mode, "error") == 0) {
		respond(fd, 500, "{\"error\":\"internal\"}");
		goto out;
	}
	if (strcmp(mode, "hang") == 0) {
		sleep((unsigned)delay);
		respond(fd, 504, "{\"error\":\"too late\"}");
		goto out;
	}
	sem_wait(&S->lock);
	if ((b = find(k->valuestring)) == NULL && S->n < MAX_KEYS) {
		b = &S->b[S->n++];
		snprintf(b->key, sizeof(b->key), "%s", k->valuestring);
		if (strcmp(num->valuestring, "4000000000000002") == 0)
			snprintf(b->outcome, sizeof(b->outcome), "declined");
		else if (strcmp(num->valuestring, "4000000000009995") == 0)
			snprintf(b->outcome, sizeof(b->outcome),
			    "insufficient_funds");
		else {
			snprintf(b->outcome, sizeof(b->outcome), "approved");
			snprintf(b->txn, sizeof(b->txn), "fake_%ld",
			    S->charges + 1);
			b->charged++;
			S->charges++;
		}
	}
	tmp = b ? *b : (struct book){ "", "declined", "", 0 };
	sem_post(&S->lock);
	if (strcmp(mode, "slow") == 0)
		sleep((unsigned)delay);
	if (strcmp(mode, "error_after") == 0)
		respond(fd, 500, "{\"error\":\"internal\"}");
	else if (strcmp(mode, "garbage") == 0)
		respond(fd, 200, "<html>oops</html>");
	else
		answer_book(fd, &tmp);
out:
	cJSON_Delete(j);
}

static void
serve(int fd)
{
	char	*req = malloc(MAX_REQUEST + 1), *end, *body, path[512];
	char	 method[16], clen[32], out[256], mode[16];
	size_t	 n = 0, want;
	ssize_t	 r;

	signal(SIGPIPE, SIG_IGN);
	while (n < MAX_REQUEST && (r = read(fd, req + n, MAX_REQUEST - n)) > 0) {
		n += (size_t)r;
		req[n] = '\0';
		if ((end = strstr(req, "\r\n\r\n")) != NULL) {
			header(req, "content-length:", clen, sizeof(clen));
			want = (size_t)(end + 4 - req) + (size_t)atol(clen);
			if (n >= want)
				break;
		}
	}
	req[n] = '\0';
	if ((end = strstr(req, "\r\n\r\n")) == NULL ||
	    sscanf(req, "%15s %511s", method, path) != 2) {
		respond(fd, 400, "{}");
		return;
	}
	*end = '\0';
	body = end + 4;

	sem_wait(&S->lock);
	snprintf(mode, sizeof(mode), "%s", S->mode);
	sem_post(&S->lock);
	if (strncmp(path, "/_control", 9) == 0) {
		char	*m = strstr(path, "mode="), *d = strstr(path, "delay=");

		sem_wait(&S->lock);
		if (m != NULL)
			snprintf(S->mode, sizeof(S->mode), "%.*s",
			    (int)strcspn(m + 5, "&"), m + 5);
		if (d != NULL)
			S->delay = atoi(d + 6);
		sem_post(&S->lock);
		respond(fd, 200, "{}");
	} else if (strcmp(path, "/_stats") == 0) {
		sem_wait(&S->lock);
		snprintf(out, sizeof(out), "{\"charges\":%ld,\"requests\":%ld}",
		    S->charges, S->requests);
		sem_post(&S->lock);
		respond(fd, 200, out);
	} else if (strncmp(path, "/_stats/", 8) == 0) {
		struct book *b;

		sem_wait(&S->lock);
		b = find(path + 8);
		snprintf(out, sizeof(out), "{\"charges\":%ld}",
		    b ? b->charged : 0);
		sem_post(&S->lock);
		respond(fd, 200, out);
	} else if (strcmp(path, "/_last") == 0) {
		char	 last[sizeof(S->last)];

		sem_wait(&S->lock);
		memcpy(last, S->last, sizeof(last));
		sem_post(&S->lock);
		respond(fd, 200, last);
	} else if (strcmp(mode, "down") == 0) {
		respond(fd, 503, "{\"error\":\"down\"}");
	} else if (strcmp(method, "POST") == 0 &&
	    strcmp(path, "/v1/charges") == 0) {
		charge(fd, req, body);
	} else if (strcmp(method, "GET") == 0 &&
	    strncmp(path, "/v1/charges/", 12) == 0) {
		char	 apikey[128];
		struct book *b, tmp;

		header(req, "x-api-key:", apikey, sizeof(apikey));
		if (strcmp(apikey, FAKE_GATEWAY_KEY) != 0) {
			respond(fd, 401, "{\"error\":\"bad api key\"}");
			free(req);
			return;
		}
		sem_wait(&S->lock);
		b = find(path + 12);
		if (b != NULL)
			tmp = *b;
		sem_post(&S->lock);
		if (b == NULL)
			respond(fd, 404, "{\"error\":\"no such charge\"}");
		else
			answer_book(fd, &tmp);
	} else
		respond(fd, 404, "{}");
	free(req);
}

int
fake_gateway_start(struct fake_gateway *g)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int	 s, one = 1;

	S = mmap(NULL, sizeof(*S), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (S == MAP_FAILED)
		return -1;
	memset(S, 0, sizeof(*S));
	sem_init(&S->lock, 1, 1);
	snprintf(S->mode, sizeof(S->mode), "normal");
	S->delay = 3;
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(s, 64) == -1 ||
	    getsockname(s, (struct sockaddr *)&a, &len) == -1) {
		close(s);
		return -1;
	}
	g->port = ntohs(a.sin_port);
	snprintf(g->url, sizeof(g->url), "http://127.0.0.1:%d/v1", g->port);
	if ((g->pid = fork()) == -1)
		return -1;
	if (g->pid == 0) {
		setpgid(0, 0);		/* stopped as one group, by its id */
		signal(SIGCHLD, SIG_IGN);	/* connection children reap */
		for (;;) {
			int	 fd = accept(s, NULL, NULL);

			if (fd == -1)
				continue;
			if (fork() == 0) {
				close(s);
				serve(fd);
				close(fd);
				_exit(0);
			}
			close(fd);
		}
	}
	setpgid(g->pid, g->pid);
	close(s);
	return 0;
}

void
fake_gateway_stop(struct fake_gateway *g)
{
	if (g->pid > 0) {
		kill(-g->pid, SIGKILL);
		waitpid(g->pid, NULL, 0);
		g->pid = 0;
	}
}

static size_t
collect(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

static char *
get(const struct fake_gateway *g, const char *path)
{
	CURL	*c = curl_easy_init();
	struct buf b = BUF_INIT;
	char	 url[256];
	char	*out;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", g->port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_cleanup(c);
	out = strdup(buf_str(&b));
	buf_free(&b);
	return out;
}

void
fake_gateway_mode(const struct fake_gateway *g, const char *mode, int delay)
{
	char	 path[128];

	snprintf(path, sizeof(path), "/_control?mode=%s&delay=%d", mode, delay);
	free(get(g, path));
}

static long
stat_field(const struct fake_gateway *g, const char *path, const char *f)
{
	char	*s = get(g, path);
	cJSON	*j = cJSON_Parse(s);
	long	 v = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, f));

	cJSON_Delete(j);
	free(s);
	return v;
}

long
fake_gateway_charges(const struct fake_gateway *g, const char *key)
{
	char	 path[128];

	if (key == NULL)
		return stat_field(g, "/_stats", "charges");
	snprintf(path, sizeof(path), "/_stats/%s", key);
	return stat_field(g, path, "charges");
}

long
fake_gateway_requests(const struct fake_gateway *g)
{
	return stat_field(g, "/_stats", "requests");
}

char *
fake_gateway_last(const struct fake_gateway *g)
{
	return get(g, "/_last");
}
