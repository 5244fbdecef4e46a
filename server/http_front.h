/* libmicrohttpd front end of the reference server. */
#ifndef CCS_SERVER_HTTP_FRONT_H
#define CCS_SERVER_HTTP_FRONT_H

#include "handler.h"

typedef struct ccs_http_front ccs_http_front;

/* Starts listening on host:port (port 0 picks a free one, written to
 * *bound_port). quiet: no per-request log line on stderr. */
int ccs_server_http_start(ccs_server *srv, const char *host, int port, int quiet, ccs_http_front **out,
                          int *bound_port, ccs_error *err);
void ccs_server_http_stop(ccs_http_front *front);

#endif
