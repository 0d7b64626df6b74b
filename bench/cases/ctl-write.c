// SPDX-License-Identifier: GPL-2.0
/*
 * ctl-write: the first write to the control page, as a reader does when it
 * hands space back (data_tail = data_head).  The page has been read before,
 * as a reader reads data_head first, so the write is the write-protect
 * fault of a shared writable mapping (page_mkwrite or pfn_mkwrite, per
 * variant), not the first-touch fault.
 */
#include "../bench.h"

/*
 * A reader loads data_head with acquire and stores data_tail with release
 * semantics (see the comment above struct perf_event_mmap_page); the
 * __atomic builtins give that here and keep the accesses in place.
 */
static __u64 head;

static int ctl_prepare(struct bench_ctx *c)
{
	struct perf_event_mmap_page *pc;
	int ret;

	ret = bench_open_map(c);
	if (ret)
		return ret;
	pc = c->map;
	head = __atomic_load_n(&pc->data_head, __ATOMIC_ACQUIRE);
	return 0;
}

static int ctl_run(struct bench_ctx *c)
{
	struct perf_event_mmap_page *pc = c->map;

	__atomic_store_n(&pc->data_tail, head, __ATOMIC_RELEASE);
	return 0;
}

const struct bench_case ctl_write_case = {
	.name = "ctl-write",
	.description = "first write to the control page (data_tail), after a read",
	.order = 50,
	.prepare = ctl_prepare,
	.run = ctl_run,
	.cleanup = bench_unmap_close,
};
