/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest_harness.h plus the plain closing line "N passed, N failed"
 * that the suite's runner and readers look for after the KTAP totals.
 */
#ifndef RB_HARNESS_H
#define RB_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

static pid_t rb_harness_pid;

static void rb_harness_summary(void)
{
	/* test cases run in forked children: only the runner reports */
	if (getpid() != rb_harness_pid)
		return;
	if (ksft_cnt.ksft_xskip)
		printf("# %u skipped\n", ksft_cnt.ksft_xskip);
	printf("%u passed, %u failed\n",
	       ksft_cnt.ksft_pass + ksft_cnt.ksft_xpass,
	       ksft_cnt.ksft_fail + ksft_cnt.ksft_error);
	fflush(stdout);
}

static void __attribute__((constructor)) rb_harness_init(void)
{
	rb_harness_pid = getpid();
	atexit(rb_harness_summary);
}

#endif /* RB_HARNESS_H */
