// SPDX-License-Identifier: GPL-2.0
/*
 * Observe how the running kernel maps a perf AUX buffer, for the
 * behaviour matrix: one key=value line per observation on stdout, in the
 * format of tests/suite's behaviour files, every key starting with "aux.".
 * Uses the test-only PMUs aux_test and aux_test_large
 * (kernel-patches/<base>/testing/); run as root (pagemap PFNs).
 *
 * The AUX area is 16 pages mapped read-write (the normal, non-overwrite
 * mode) after the PMU wrote one page of data into it:
 *   aux.fault.read     minor faults reading one byte of each page
 *   aux.fault.reread   the same again
 *   aux.pagemap.present  pages /proc/self/pagemap shows present after that
 *   aux.write          storing into page 1: ok or sigbus
 *   aux.process_vm_readv  GUP-based read of page 1: ok or the errno name
 *   aux.pfn_runs.PMU   physically contiguous runs among the 16 pages
 *                      (n/a when pagemap shows no PFN); fewer runs for
 *                      aux_test_large, which asks for high-order pages
 *
 * Usage: aux_observe
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <linux/perf_event.h>
#include <linux/types.h>

#include "rb_util.h"

#define DATA_PAGES	8
#define AUX_PAGES	16

struct aux_map {
	int	fd;
	void	*base;
	char	*aux;
	size_t	page;
};

/* Open an event on pmu for this task, map 1 + 8 pages and 16 AUX pages. */
static int aux_map(const char *pmu, struct aux_map *m)
{
	struct perf_event_attr attr = {
		.size		= sizeof(attr),
		.disabled	= 1,
	};
	m->page = sysconf(_SC_PAGESIZE);
	attr.type = rb_pmu_type(pmu);
	if ((int)attr.type < 0) {
		fprintf(stderr, "no PMU %s in %s\n", pmu, RB_PMU_DIR);
		return -1;
	}
	m->fd = rb_perf_open(&attr, 0, -1, -1);
	if (m->fd < 0) {
		perror("perf_event_open");
		return -1;
	}
	m->base = mmap(NULL, (1 + DATA_PAGES) * m->page, PROT_READ | PROT_WRITE,
		       MAP_SHARED, m->fd, 0);
	if (m->base == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	m->aux = rb_map_aux(m->fd, m->base, (1 + DATA_PAGES) * m->page,
			    AUX_PAGES, PROT_READ | PROT_WRITE, NULL, 0);
	if (m->aux == MAP_FAILED) {
		perror("mmap AUX");
		return -1;
	}
	/* One commit of one page (the default chunk) into the AUX area. */
	if (ioctl(m->fd, PERF_EVENT_IOC_ENABLE, 0) ||
	    ioctl(m->fd, PERF_EVENT_IOC_DISABLE, 0)) {
		perror("ioctl");
		return -1;
	}
	return 0;
}

static void aux_unmap(struct aux_map *m)
{
	munmap(m->aux, AUX_PAGES * m->page);
	munmap(m->base, (1 + DATA_PAGES) * m->page);
	close(m->fd);
}

static long minor_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static long read_faults(struct aux_map *m)
{
	long before;
	int i;

	minor_faults();
	before = minor_faults();
	for (i = 0; i < AUX_PAGES; i++)
		__atomic_load_n(m->aux + i * m->page, __ATOMIC_RELAXED);
	return minor_faults() - before;
}

/* pagemap entries of the AUX pages; -1 if pagemap cannot be read */
static int read_pagemap(struct aux_map *m, __u64 *ent)
{
	return rb_pagemap_range(m->aux, AUX_PAGES, ent);
}

/* Store a byte into p: ok, or the signal it raised */
static const char *write_result(char *p)
{
	switch (rb_try_write(p)) {
	case 0:
		return "ok";
	case SIGBUS:
		return "sigbus";
	case SIGSEGV:
		return "sigsegv";
	default:
		return "other";
	}
}

static const char *gup_result(char *p, size_t len)
{
	char *buf = malloc(len);
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = p, .iov_len = len };
	ssize_t got;
	int err;

	if (!buf)
		return "ENOMEM";
	got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	err = errno;
	free(buf);
	if (got == (ssize_t)len)
		return "ok";
	return got < 0 ? strerrorname_np(err) : "short";
}

static void observe_runs(const char *pmu)
{
	__u64 ent[AUX_PAGES];
	struct aux_map m;
	int i, runs = 1;

	if (aux_map(pmu, &m))
		exit(1);
	read_faults(&m);
	if (read_pagemap(&m, ent) || !rb_pagemap_present(ent[0]) ||
	    !rb_pagemap_pfn(ent[0])) {
		printf("aux.pfn_runs.%s=n/a\n", pmu);
	} else {
		for (i = 1; i < AUX_PAGES; i++)
			if (rb_pagemap_pfn(ent[i]) != rb_pagemap_pfn(ent[i - 1]) + 1)
				runs++;
		printf("aux.pfn_runs.%s=%d\n", pmu, runs);
	}
	aux_unmap(&m);
}

int main(void)
{
	__u64 ent[AUX_PAGES];
	struct aux_map m;
	int i, present = 0;

	if (aux_map("aux_test", &m))
		return 1;
	printf("aux.fault.read=%ld\n", read_faults(&m));
	printf("aux.fault.reread=%ld\n", read_faults(&m));
	if (read_pagemap(&m, ent)) {
		printf("aux.pagemap.present=n/a\n");
	} else {
		for (i = 0; i < AUX_PAGES; i++)
			present += rb_pagemap_present(ent[i]);
		printf("aux.pagemap.present=%d\n", present);
	}
	printf("aux.write=%s\n", write_result(m.aux + m.page));
	printf("aux.process_vm_readv=%s\n", gup_result(m.aux + m.page, m.page));
	aux_unmap(&m);

	observe_runs("aux_test");
	observe_runs("aux_test_large");
	return 0;
}
