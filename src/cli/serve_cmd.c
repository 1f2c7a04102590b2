/* pith serve: the article extractor as an HTTP/1.1 service, for back ends
 * in any language. This file reads the command line, opens the listening
 * socket and waits for SIGTERM or SIGINT; serve_http.c is the service. */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "pith.h"
#include "serve.h"

enum {
  OPT_LISTEN = CLI_OPT_OWN,
  OPT_THREADS,
  OPT_MAX_BODY,
  OPT_MAX_CONNECTIONS,
  OPT_MAX_PER_CLIENT,
  OPT_QUEUE,
  OPT_TIMEOUT_MS
};

static const cli_option serve_options[] = {
    {"listen", 'l', "HOST:PORT", OPT_LISTEN,
     "the address to listen on (default 127.0.0.1:8080); [::1]:PORT for "
     "IPv6, port 0 for any free port (the one taken is printed)"},
    {"threads", 't', "N", OPT_THREADS,
     "extraction workers (default: the number of cores); the HTTP side "
     "runs on a thread of its own, so /health answers while every worker "
     "is busy"},
    {"max-body", 0, "SIZE", OPT_MAX_BODY,
     "bytes of one request body (default 32M): a larger Content-Length is "
     "refused with 413 before the body is read, a chunked body as soon as "
     "it passes the limit"},
    {"max-connections", 0, "N", OPT_MAX_CONNECTIONS,
     "open connections (default 1024); past it requests get 503 with "
     "Retry-After, and past it by 64 connections are refused"},
    {"max-per-client", 0, "N", OPT_MAX_PER_CLIENT,
     "open connections from one client address (default 256); more are "
     "refused"},
    {"queue", 0, "N", OPT_QUEUE,
     "requests waiting for a worker (default 64 per worker); past it 503 "
     "with Retry-After"},
    {"timeout-ms", 0, "MS", OPT_TIMEOUT_MS,
     "a connection idle this long is closed (rounded up to whole seconds), "
     "and on SIGTERM or SIGINT the requests in flight get this long to be "
     "answered (default 30000)"},
    CLI_HELP_OPTION,
    CLI_OPTION_END};

static const cli_option_group serve_groups[] = {
    {"Options", serve_options},
    {"Extraction mode (the default of the mode parameter)", cli_mode_options},
    {"Limits (a document over one is answered 422)", cli_limit_options},
    {NULL, NULL}};

static const cli_exit serve_exits[] = {
    {0, "stopped by SIGTERM or SIGINT"},
    {EXIT_USAGE, CLI_EXIT_USAGE_MEANING},
    {EXIT_UNREADABLE, "the address could not be listened on"},
    {EXIT_INTERNAL, CLI_EXIT_INTERNAL_MEANING},
    {-1, NULL}};

static int serve_run(int argc, char **argv);

static const cli_command serve_command = {
    .name = "serve",
    .rank = 60,
    .summary = "an HTTP service: POST a page, get its article as JSON",
    .synopsis = "[OPTIONS]",
    .description =
        "Serves extraction over HTTP/1.1 to back ends in any language. "
        "Clients send the page itself: the service never fetches a URL.\n\n"
        "  POST /extract   body: the page's bytes; its Content-Type header\n"
        "                  is the page's (charset); query: url, format\n"
        "                  (json, text, markdown), mode (balanced,\n"
        "                  precision, recall). 200 with the JSON of 'pith\n"
        "                  extract --format json', also with no article\n"
        "                  (\"article\": false, header Pith-Article: false)\n"
        "  POST /clean     body: scraped text; query: mode. 200 with\n"
        "                  {\"text\", \"lines\": [{\"text\", \"keep\", "
        "\"rule\"}]}\n"
        "  GET /health     200 {\"status\":\"ok\"}\n"
        "  GET /metrics    counters in the Prometheus text format\n\n"
        "Errors are JSON, {\"error\": {\"kind\": ..., \"message\": ...}}, "
        "the kind a word of 'pith batch' records:\n\n"
        "  400 argument    a malformed request or an unknown parameter\n"
        "  404 argument    no such path\n"
        "  405 argument    the wrong method (the Allow header says which)\n"
        "  413 too_large   a body over --max-body\n"
        "  422 KIND        the page was rejected (empty, not_html,\n"
        "                  encoding, ...) or a document limit was hit\n"
        "  500 nomem       out of memory, or another internal failure\n"
        "  503 limit       over --max-connections, or every worker busy\n"
        "                  and the queue full; Retry-After says when\n\n"
        "A form Content-Type (what curl -d sends unless told otherwise) is "
        "not taken as the page's. Request headers over 32 KiB are refused "
        "(431). SIGTERM or SIGINT stops accepting connections, lets the "
        "requests in flight be answered (for --timeout-ms at most) and "
        "exits 0.",
    .groups = serve_groups,
    .exits = serve_exits,
    .examples = "pith serve --listen 127.0.0.1:8080 --threads 4\n"
                "curl -s --data-binary @page.html -H 'Content-Type: text/html' "
                "'http://127.0.0.1:8080/extract?url=https://example.org/a'\n",
    .run = serve_run};

PITH_CLI_COMMAND(serve_command)

typedef struct serve_args {
  cli_shared shared;
  serve_config config;
  const char *listen;
} serve_args;

static int serve_set(void *ctx, const cli_arg *a) {
  serve_args *s = ctx;
  int rc = cli_shared_set(&s->shared, a);
  if (rc != 1)
    return rc;
  switch (a->option->id) {
  case OPT_LISTEN:
    s->listen = a->value;
    return 0;
  case OPT_THREADS:
    return cli_count(a, 1, 256, &s->config.threads);
  case OPT_MAX_BODY:
    rc = cli_size(a, &s->config.max_body);
    return rc                   ? rc
           : s->config.max_body ? 0
                                : cli_arg_error(a, "must be above 0");
  case OPT_MAX_CONNECTIONS:
    return cli_count(a, 1, 60000, &s->config.max_connections);
  case OPT_MAX_PER_CLIENT:
    return cli_count(a, 1, 60000, &s->config.per_client);
  case OPT_QUEUE:
    return cli_count(a, 1, 1000000, &s->config.queue);
  default: /* OPT_TIMEOUT_MS */
    return cli_count(a, 1, 3600 * 1000, &s->config.timeout_ms);
  }
}

/* Opens the listening socket for HOST:PORT: -2 (not HOST:PORT) or -1
 * (cannot listen there) after saying why. */
static int listen_on(const char *spec, char *shown, size_t shown_size) {
  char host[256];
  const char *colon = strrchr(spec, ':');
  size_t n = colon ? (size_t)(colon - spec) : 0;
  char *end = NULL;
  long number = colon ? strtol(colon + 1, &end, 10) : -1;
  if (!colon || n >= sizeof host || !colon[1] || *end || number < 0 ||
      number > 65535) {
    fprintf(stderr, "pith: --listen: '%s' is not HOST:PORT\n", spec);
    return -2;
  }
  memcpy(host, spec, n);
  host[n] = '\0';
  if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
    memmove(host, host + 1, n - 2);
    host[n - 2] = '\0';
  }
  struct addrinfo hints, *ai = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  int gai = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &ai);
  if (gai != 0) {
    fprintf(stderr, "pith: --listen: %s: %s\n", spec, gai_strerror(gai));
    return -1;
  }
  int fd = -1, err = 0;
  for (struct addrinfo *p = ai; p && fd < 0; p = p->ai_next) {
    fd = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, p->ai_addr, p->ai_addrlen) != 0 || listen(fd, 511) != 0) {
      err = errno;
      close(fd);
      fd = -1;
      continue;
    }
    struct sockaddr_storage sa;
    socklen_t salen = sizeof sa;
    char h[256], port[32];
    if (getsockname(fd, (struct sockaddr *)&sa, &salen) == 0 &&
        getnameinfo((struct sockaddr *)&sa, salen, h, sizeof h, port,
                    sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) == 0)
      snprintf(shown, shown_size,
               p->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s", h, port);
  }
  freeaddrinfo(ai);
  if (fd < 0)
    fprintf(stderr, "pith: --listen: %s: %s\n", spec, strerror(err));
  return fd;
}

static int serve_run(int argc, char **argv) {
  serve_args s;
  memset(&s, 0, sizeof s);
  cli_shared_init(&s.shared);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  s.config.threads = cores < 1 ? 1 : cores > 256 ? 256 : cores;
  s.config.max_body = (size_t)32 * 1024 * 1024;
  s.config.max_connections = 1024;
  s.config.per_client = 256;
  s.config.timeout_ms = 30000;
  s.listen = "127.0.0.1:8080";
  char **operands = NULL;
  int count = 0;
  int rc =
      cli_parse(&serve_command, argc, argv, serve_set, &s, &operands, &count);
  if (rc)
    return rc == CLI_DONE ? 0 : rc;
  free(operands);
  if (count > 0)
    return cli_usage_error(&serve_command, "takes no operands (pages come "
                                           "in requests)");
  s.config.options = s.shared.options;
  if (!s.config.queue)
    s.config.queue = s.config.threads * 64;

  /* SIGTERM and SIGINT are taken by sigwait() below: blocked before any
   * thread starts, so none of them is interrupted. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);

  char shown[300] = "";
  int fd = listen_on(s.listen, shown, sizeof shown);
  if (fd < 0)
    return fd == -2 ? EXIT_USAGE : EXIT_UNREADABLE;
  serve *S = serve_start(&s.config, fd);
  if (!S)
    return EXIT_INTERNAL;
  fprintf(stderr, "pith serve: listening on http://%s/ (%ld worker%s)\n",
          shown[0] ? shown : s.listen, s.config.threads,
          s.config.threads == 1 ? "" : "s");
  fflush(stderr);
  int sig = 0;
  while (sigwait(&stop, &sig) != 0)
    ;
  fprintf(stderr, "pith serve: %s: answering the requests in flight\n",
          sig == SIGINT ? "SIGINT" : "SIGTERM");
  long left = serve_stop(S);
  if (left) {
    fprintf(stderr,
            "pith serve: %ld request%s still unanswered after "
            "--timeout-ms; stopping anyway\n",
            left, left == 1 ? "" : "s");
    fflush(stderr);
    _exit(0);
  }
  fputs("pith serve: stopped\n", stderr);
  return 0;
}
