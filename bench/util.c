// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers the cases share: open the benchmark's perf event, map and unmap
 * its ring buffer, read every page, let deferred frees run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>

#include "bench.h"
#include "rb_util.h"

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

	rb_sw_attr(&attr, PERF_COUNT_SW_DUMMY, 0, 0);
	fd = rb_perf_open(&attr, 0, -1, -1);
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
 * (ring_buffer_put() -> call_rcu() -> rb_free_rcu()), i.e. after the
 * syscall that dropped it returned, in softirq: left alone, it lands in
 * some later repetition's timed window (at 513 pages that made a touch
 * sample 11% slower in about a third of the repetitions).  So every
 * cleanup waits for it:
 *
 * - With more than one CPU online, MEMBARRIER_CMD_GLOBAL is
 *   synchronize_rcu(), which (rcutree.rcu_normal_wake_from_gp=0, the
 *   default) queues its own wake-up callback with call_rcu_hurry() on
 *   this CPU and returns when that one has run.  Callbacks queued on one
 *   CPU are invoked in order (rcu_barrier() relies on this), and the
 *   harness runs pinned, so the buffer was freed by then.
 * - With one CPU, membarrier() returns at once and nothing would wait for
 *   the grace period: sleep 20 ms instead (five ticks at HZ=250), which in
 *   practice lets the grace period end and the callbacks run, but is not
 *   a guarantee.
 * - Without MEMBARRIER_CMD_GLOBAL (no CONFIG_MEMBARRIER, nohz_full) also
 *   sleep.
 *
 * bench_settle says which (for the JSON).  Returns 0 or -errno.
 */
const char *bench_settle;

int bench_rcu_settle(void)
{
	static const struct timespec ts = { .tv_nsec = 20 * 1000 * 1000 };
	long cmds;

	if (!bench_settle) {
		cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
		if (cmds > 0 && (cmds & MEMBARRIER_CMD_GLOBAL) &&
		    sysconf(_SC_NPROCESSORS_ONLN) > 1)
			bench_settle = "membarrier";
		else
			bench_settle = "sleep-20ms";
	}
	if (bench_settle[0] == 's')
		return nanosleep(&ts, NULL) ? -errno : 0;
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
