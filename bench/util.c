// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers the cases share: open the benchmark's perf event, map and unmap
 * its ring buffer, read every page, let deferred frees run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>

#include "bench.h"

/*
 * The benchmark's event: a disabled software dummy event on the calling
 * task.  It never produces a sample, so what is measured is the mapping
 * of its ring buffer and nothing else.  exclude_kernel keeps it legal at
 * perf_event_paranoid 2 (rings are mapped the same either way).
 */
int bench_event_open(void)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_DUMMY;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1,
		     PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int bench_event_close(struct bench_ctx *c)
{
	int ret = 0;

	if (c->fd >= 0 && close(c->fd))
		ret = -errno;
	c->fd = -1;
	return ret;
}

/* Map the whole ring buffer (control page + data pages), read-write. */
int bench_map(struct bench_ctx *c, void **where)
{
	void *p;

	p = mmap(NULL, c->len, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	*where = p;
	return 0;
}

int bench_unmap(struct bench_ctx *c, void **where)
{
	int ret = 0;

	if (*where && munmap(*where, c->len))
		ret = -errno;
	*where = NULL;
	return ret;
}

/*
 * Read one byte of every page, so that each page is faulted in once.  The
 * bytes are summed into a global, so the compiler must do every load.
 */
unsigned char bench_sink;

void bench_touch(const void *p, unsigned long pages, long page_size)
{
	const unsigned char *b = p;
	unsigned char sum = 0;
	unsigned long i;

	for (i = 0; i < pages; i++)
		sum += b[i * page_size];
	bench_sink = sum;
}

/*
 * The last put of a perf ring buffer frees its pages from an RCU callback
 * (ring_buffer_put() -> call_rcu()), i.e. after the syscall that dropped
 * it returned.  Wait for a grace period between repetitions so that most
 * of that work is done before the next timed window opens:
 * MEMBARRIER_CMD_GLOBAL is synchronize_rcu() on SMP.  The callbacks run
 * shortly after the grace period, in softirq; this narrows the window but
 * cannot close it.  Where the kernel lacks MEMBARRIER_CMD_GLOBAL (no
 * CONFIG_MEMBARRIER, nohz_full) this does nothing and
 * bench_settle_supported says so (0) for the JSON.  Returns 0 or -errno.
 */
int bench_settle_supported = -1;

int bench_rcu_settle(void)
{
	long cmds;

	if (bench_settle_supported < 0) {
		cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
		bench_settle_supported = cmds > 0 &&
					 (cmds & MEMBARRIER_CMD_GLOBAL);
	}
	if (!bench_settle_supported)
		return 0;
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0))
		return -errno;
	return 0;
}

/* Open an event and map its ring buffer: the state most cases start from. */
int bench_open_map(struct bench_ctx *c)
{
	int ret;

	ret = bench_event_open();
	if (ret < 0)
		return ret;
	c->fd = ret;
	ret = bench_map(c, &c->map);
	if (ret)
		bench_event_close(c);
	return ret;
}

/* Undo everything a case may have set up, then settle. */
int bench_unmap_close(struct bench_ctx *c)
{
	int ret, ret2, ret3;

	ret = bench_unmap(c, &c->map2);
	ret2 = bench_unmap(c, &c->map);
	ret3 = bench_event_close(c);
	if (!ret)
		ret = ret2;
	if (!ret)
		ret = ret3;
	if (!ret)
		ret = bench_rcu_settle();
	return ret;
}
