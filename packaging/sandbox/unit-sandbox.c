/*
 * unit-sandbox: runs a command under the seccomp part of multiwan.service, for the test that runs the daemon in the
 * namespace lab where systemd is not PID 1 (so `systemd-run --property=...` is not available):
 *   - SystemCallFilter=@system-service + ~@privileged @resources, SystemCallErrorNumber=EPERM: every system call not
 *     named on the command line fails with EPERM (the test expands the groups with `systemd-analyze syscall-filter`);
 *   - MemoryDenyWriteExecute=yes, the rules systemd installs: mmap with PROT_WRITE and PROT_EXEC together, mprotect
 *     and pkey_mprotect adding PROT_EXEC, shmat with SHM_EXEC fail with EPERM;
 *   - SystemCallArchitectures=native and NoNewPrivileges=yes.
 * The filter is inherited by everything the command starts (nft, ip, conntrack, hooks), as under systemd.
 * Usage: unit-sandbox SYSCALL... -- COMMAND [ARG...]
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <stdint.h>
#include <unistd.h>

/* A conditional rule on argument ARG: (arg & MASK) == VALUE. */
static int rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned arg, unsigned long mask, unsigned long value)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR)
        return 0;
    return seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, value));
}

/* The calls MemoryDenyWriteExecute restricts by argument; they are allowed only where W^X holds. */
static int is_wx_call(const char *name)
{
    return strcmp(name, "mmap") == 0 || strcmp(name, "mprotect") == 0 || strcmp(name, "pkey_mprotect") == 0 || strcmp(name, "shmat") == 0;
}

int main(int argc, char **argv)
{
    int i = 1;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (ctx == NULL || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("unit-sandbox: init");
        return 125;
    }

    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        int nr = seccomp_syscall_resolve_name(argv[i]);
        if (nr != __NR_SCMP_ERROR && !is_wx_call(argv[i]) && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0) != 0) {
            fprintf(stderr, "unit-sandbox: cannot allow %s\n", argv[i]);
            return 125;
        }
    }

    if (i + 1 >= argc) {
        fprintf(stderr, "usage: unit-sandbox SYSCALL... -- COMMAND [ARG...]\n");
        return 125;
    }

    const unsigned long wx = PROT_WRITE | PROT_EXEC;
    if (rule(ctx, SCMP_ACT_ALLOW, "mmap", 2, wx, 0) != 0 || rule(ctx, SCMP_ACT_ALLOW, "mmap", 2, wx, PROT_WRITE) != 0
        || rule(ctx, SCMP_ACT_ALLOW, "mmap", 2, wx, PROT_EXEC) != 0
        || rule(ctx, SCMP_ACT_ALLOW, "mprotect", 2, PROT_EXEC, 0) != 0
        || rule(ctx, SCMP_ACT_ALLOW, "pkey_mprotect", 2, PROT_EXEC, 0) != 0
        || rule(ctx, SCMP_ACT_ALLOW, "shmat", 2, SHM_EXEC, 0) != 0
        || seccomp_load(ctx) != 0) {
        fprintf(stderr, "unit-sandbox: cannot load the filter\n");
        return 125;
    }

    execvp(argv[i + 1], &argv[i + 1]);
    perror("unit-sandbox: exec");
    return 127;
}
