// SPDX-License-Identifier: GPL-2.0
/*
 * ref-memfd: the reference.  The kernel's generic way to map pages that
 * already exist: a memfd of the same number of pages, every page written
 * beforehand, mapped shared and read-write with MAP_POPULATE so that the
 * page tables are filled inside mmap().  A yardstick for the perf mapping
 * costs, not a lower bound: it walks the page cache and takes a reference
 * and a mapcount on every page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "../bench.h"

static int ref_setup(struct bench_ctx *c)
{
	unsigned long i;
	char *page;
	int ret = 0;

	c->memfd = memfd_create("perf-rb-bench-ref", MFD_CLOEXEC);
	if (c->memfd < 0)
		return -errno;
	if (ftruncate(c->memfd, c->len))
		return -errno;
	page = malloc(c->page_size);
	if (!page)
		return -ENOMEM;
	memset(page, 0x5a, c->page_size);
	for (i = 0; i < c->pages; i++) {
		if (pwrite(c->memfd, page, c->page_size,
			   i * c->page_size) != c->page_size) {
			ret = -EIO;
			break;
		}
	}
	free(page);
	return ret;
}

static int ref_run(struct bench_ctx *c)
{
	void *p;

	p = mmap(NULL, c->len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_POPULATE, c->memfd, 0);
	if (p == MAP_FAILED)
		return -errno;
	c->map = p;
	return 0;
}

static int ref_cleanup(struct bench_ctx *c)
{
	int ret = 0;

	if (c->map && munmap(c->map, c->len))
		ret = -errno;
	c->map = NULL;
	return ret;
}

static void ref_teardown(struct bench_ctx *c)
{
	if (c->memfd >= 0)
		close(c->memfd);
	c->memfd = -1;
}

const struct bench_case ref_memfd_case = {
	.name = "ref-memfd",
	.description = "reference: mmap(MAP_POPULATE) of a populated memfd",
	.order = 80,
	.setup = ref_setup,
	.run = ref_run,
	.cleanup = ref_cleanup,
	.teardown = ref_teardown,
};
