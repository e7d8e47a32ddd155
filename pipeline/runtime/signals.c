/*
 * SIGTERM and SIGINT: the handler only sets a volatile sig_atomic_t flag,
 * which the poll loops check every 100 ms. The flag is the one piece of
 * process-wide state in the runtime, since a signal handler cannot be given
 * a context.
 */
#include "telex/runtime.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signo)
{
    (void)signo;
    stop_requested = 1;
}

void telex_signals_install(void)
{
    struct sigaction action;

    memset(&action, 0, sizeof(action));
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    /* A closed stdout in --stdio pipes is an error to report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
}

int telex_signals_stop_requested(void)
{
    return stop_requested != 0;
}
