/* SIGINT and SIGTERM during a run: a flag the run loop checks after each step. */
#include <signal.h>
#include <string.h>

#include "cli.h"
#include "ct_error.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

volatile sig_atomic_t *ct_cli_catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    return &interrupted;
}

int ct_cli_exit_status(int rc)
{
    if (rc == CT_EINTR)
        return 128 + (interrupted ? (int)interrupted : SIGINT);
    return rc ? 1 : 0;
}
