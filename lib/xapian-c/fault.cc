/*
 * fault.cc: a crash inside Xapian becomes an error of the call.
 *
 * Xapian's glass backend does not check every byte it reads: a table
 * damaged in the wrong place (a posting list chunk whose lengths were
 * flipped) can make it read out of bounds and die of SIGSEGV, taking
 * dossier-search, the CGI or the indexer with it, with no word of why.
 * Each guarded call (XC_GUARD in internal.h) pushes a frame; a SIGSEGV,
 * SIGBUS or SIGFPE raised while one is pushed jumps back to it, and the
 * call fails with XC_STATUS_CORRUPT and a message that names the damage.
 * Anywhere else the fault is not ours: the handler puts back the one it
 * replaced (the default, or a sanitizer's) and returns, so the faulting
 * instruction runs again under it and our own bugs still crash loudly.
 *
 * Jumping out of Xapian skips the destructors of its frames: what they
 * held leaks, and the database handle may be left half-way; the caller
 * reports the error and drops the handle, which is all a damaged index
 * deserves.  The frame is saved without the signal mask (no system call
 * per call); the handler runs with SA_NODEFER, so nothing stays blocked.
 */
#include "internal.h"

#include <signal.h>
#include <string.h>

#include <mutex>

thread_local xc_fault_frame *xc_fault_top = nullptr;

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE};
#define N_FAULT_SIGNALS (sizeof fault_signals / sizeof fault_signals[0])
static struct sigaction replaced[N_FAULT_SIGNALS];

static void on_fault(int sig, siginfo_t *, void *)
{
    xc_fault_frame *frame = xc_fault_top;
    if (frame != nullptr) {
        frame->signal = sig;
        siglongjmp(frame->env, 1);
    }
    /* Not inside Xapian: the handler we replaced takes the fault when the
     * instruction runs again. */
    for (size_t i = 0; i < N_FAULT_SIGNALS; i++)
        if (fault_signals[i] == sig)
            sigaction(sig, &replaced[i], nullptr);
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_FAULT_SIGNALS; i++)
        sigaction(fault_signals[i], &sa, &replaced[i]);
}

xc_fault_scope::xc_fault_scope(xc_fault_frame *frame) noexcept : frame_(frame)
{
    static std::once_flag installed;
    try {
        std::call_once(installed, install);
    } catch (...) {
        /* No handler: a fault then crashes, as it did before. */
    }
    frame->prev = xc_fault_top;
    xc_fault_top = frame;
}

xc_fault_scope::~xc_fault_scope()
{
    xc_fault_top = frame_->prev;
}

void xc_fault_message(const xc_fault_frame *frame, std::string &message) noexcept
{
    const char *name = frame->signal == SIGBUS   ? "SIGBUS"
                       : frame->signal == SIGFPE ? "SIGFPE"
                                                 : "SIGSEGV";
    xc_fault_top = frame->prev;
    try {
        message = std::string("Xapian crashed (") + name +
                  ") reading the database, which is damaged";
    } catch (...) {
        message.clear();
    }
}
