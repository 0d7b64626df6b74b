// SPDX-License-Identifier: GPL-2.0
/*
 * mmap-first: the first mmap() of an event's ring buffer.  The kernel
 * allocates (and zeroes) the buffer and, in a map-in-advance variant, also
 * fills the page tables.
 */
#include "../bench.h"

static int first_prepare(struct bench_ctx *c)
{
	int fd = bench_event_open();

	if (fd < 0)
		return fd;
	c->fd = fd;
	return 0;
}

static int first_run(struct bench_ctx *c)
{
	return bench_map(c, &c->map);
}

const struct bench_case mmap_first_case = {
	.name = "mmap-first",
	.description = "first mmap() of an event: buffer allocated and mapped",
	.order = 20,
	.prepare = first_prepare,
	.run = first_run,
	.cleanup = bench_unmap_close,
};
