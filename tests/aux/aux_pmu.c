// SPDX-License-Identifier: GPL-2.0
/*
 * Map and read perf AUX buffers through the test-only software PMUs
 * "aux_test" and "aux_test_large" (kernel-patches/<base>/testing/, which adds
 * kernel/events/aux_test_pmu.c).
 *
 * The PMU commits one chunk of data each time the event stops (disable,
 * context switch, AUX unmap); the 64-bit word at AUX position pos (the
 * aux_head at which it was written) holds AUX_TEST_TAG ^ pos.  Reading
 * that pattern back through the mapping proves that every AUX page is
 * mapped at its own offset, in every mode the core supports:
 *   pattern      one enable/disable: data, counter and PERF_RECORD_AUX
 *   wrap         the reader consumes; aux_head runs round the buffer
 *   full         the reader does not consume: truncation, then recovery
 *   overwrite    AUX mapped read-only: the newest aux_size bytes survive
 *   unmap_while_enabled  AUX unmapped under a running transaction,
 *                then mapped again
 * Each runs per task and per CPU, on both PMUs, with the default chunk
 * (a page) and with one that does not divide the page.
 *
 * Usage: aux_pmu [kselftest harness options]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/perf_event.h>

#include "kselftest_harness.h"
#include "rb_util.h"

/* Must match AUX_TEST_TAG in kernel/events/aux_test_pmu.c. */
#define AUX_TEST_TAG	0x747365745f787561ULL

#define DATA_PAGES	8
#define AUX_PAGES	16

static const char * const pmu_names[] = { "aux_test", "aux_test_large" };

static long page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

/* Read one line of a PMU's sysfs file into buf; 0 or -1. */
static int pmu_read(const char *pmu, const char *file, char *buf, size_t len)
{
	char path[256];
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s/%s", RB_PMU_DIR, pmu, file);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, len, f))
		ret = 0;
	fclose(f);
	return ret;
}

/* The highest config bit of the "chunk" format field, or -1. */
static int chunk_last_bit(const char *pmu)
{
	char buf[64];
	unsigned int lo, hi;

	if (pmu_read(pmu, "format/chunk", buf, sizeof(buf)) ||
	    sscanf(buf, "config:%u-%u", &lo, &hi) != 2 || lo != 0)
		return -1;
	return hi;
}

static int event_open(int type, __u64 config, int cpu)
{
	struct perf_event_attr attr = {
		.size		= sizeof(attr),
		.type		= type,
		.config		= config,
		.disabled	= 1,
	};

	/* per task (this thread, any CPU) or per CPU (every task) */
	return rb_perf_open(&attr, cpu < 0 ? 0 : -1, cpu, -1);
}

/* One enable/disable: the PMU commits at least one chunk. */
static int cycle(int fd)
{
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) || ioctl(fd, PERF_EVENT_IOC_DISABLE, 0))
		return -1;
	return 0;
}

static __u64 aux_head(struct perf_event_mmap_page *pc)
{
	/* (C) in the kernel's ring_buffer.c: head before data */
	return __atomic_load_n(&pc->aux_head, __ATOMIC_ACQUIRE);
}

static void aux_consume(struct perf_event_mmap_page *pc, __u64 tail)
{
	/* (D): data read before the kernel may overwrite it */
	__atomic_store_n(&pc->aux_tail, tail, __ATOMIC_RELEASE);
}

/*
 * Check the pattern at AUX positions [from, to) of a buffer of size
 * bytes (a power of two).  Returns the number of wrong words and prints
 * the first one.
 */
static unsigned long check_pattern(const void *aux, __u64 size, __u64 from, __u64 to)
{
	unsigned long bad = 0;
	__u64 pos;

	for (pos = from; pos < to; pos += sizeof(__u64)) {
		__u64 want = AUX_TEST_TAG ^ pos;
		__u64 got = *(const __u64 *)(aux + (pos & (size - 1)));

		if (got != want && !bad++)
			fprintf(stderr, "# aux position %llu (page %llu): got %#llx, want %#llx\n",
				(unsigned long long)pos,
				(unsigned long long)((pos & (size - 1)) / page_size()),
				(unsigned long long)got, (unsigned long long)want);
	}
	return bad;
}

/* What the PERF_RECORD_AUX records since the last call said. */
struct aux_records {
	unsigned int	n;
	unsigned int	gaps;		/* offset != end of the previous one */
	__u64		bytes;
	__u64		end;		/* aux_offset + aux_size of the last */
	__u64		flags;		/* OR of all flags */
};

/* Consume every record of the data buffer; collect PERF_RECORD_AUX. */
static void read_records(void *base, struct aux_records *r)
{
	struct perf_event_mmap_page *pc = base;
	__u64 size = (__u64)DATA_PAGES * page_size();
	unsigned char *data = base + page_size();
	__u64 head = __atomic_load_n(&pc->data_head, __ATOMIC_ACQUIRE);
	__u64 tail = pc->data_tail;

	while (tail < head) {
		struct {
			struct perf_event_header header;
			__u64 aux_offset;
			__u64 aux_size;
			__u64 flags;
		} rec;
		size_t i, len;

		len = sizeof(rec.header);
		for (i = 0; i < len; i++)
			((unsigned char *)&rec)[i] = data[(tail + i) & (size - 1)];
		if (rec.header.type == PERF_RECORD_AUX && rec.header.size >= sizeof(rec)) {
			len = sizeof(rec);
			for (i = 0; i < len; i++)
				((unsigned char *)&rec)[i] = data[(tail + i) & (size - 1)];
			if (r->n && rec.aux_offset != r->end)
				r->gaps++;
			r->n++;
			r->bytes += rec.aux_size;
			r->end = rec.aux_offset + rec.aux_size;
			r->flags |= rec.flags;
		}
		if (!rec.header.size)
			break;
		tail += rec.header.size;
	}
	__atomic_store_n(&pc->data_tail, tail, __ATOMIC_RELEASE);
}

FIXTURE(aux)
{
	int				fd;
	void				*base;
	void				*aux;
	struct perf_event_mmap_page	*pc;
	__u64				size;	/* of the AUX area */
	__u64				chunk;	/* bytes per commit */
};

FIXTURE_VARIANT(aux)
{
	const char	*pmu;
	int		cpu;		/* -1: per task */
	bool		odd_chunk;	/* page + page/2 + 8 bytes */
};

FIXTURE_VARIANT_ADD(aux, task) { .pmu = "aux_test", .cpu = -1 };
FIXTURE_VARIANT_ADD(aux, task_odd) { .pmu = "aux_test", .cpu = -1, .odd_chunk = true };
FIXTURE_VARIANT_ADD(aux, cpu0) { .pmu = "aux_test", .cpu = 0 };
FIXTURE_VARIANT_ADD(aux, large_task) { .pmu = "aux_test_large", .cpu = -1 };
FIXTURE_VARIANT_ADD(aux, large_cpu0_odd) {
	.pmu = "aux_test_large", .cpu = 0, .odd_chunk = true
};

static void *map_aux(struct perf_event_mmap_page *pc, int fd, __u64 size, int prot)
{
	pc->aux_offset = (1 + DATA_PAGES) * page_size();
	pc->aux_size = size;
	return mmap(NULL, size, prot, MAP_SHARED, fd, pc->aux_offset);
}

FIXTURE_SETUP(aux)
{
	int type = rb_pmu_type(variant->pmu);

	self->fd = -1;
	self->base = MAP_FAILED;
	self->aux = MAP_FAILED;
	ASSERT_GE(type, 0) TH_LOG("no PMU %s in %s: kernel without the test patch?",
				  variant->pmu, RB_PMU_DIR);

	self->chunk = variant->odd_chunk ? page_size() * 3 / 2 + 8 : 0;
	self->fd = event_open(type, self->chunk, variant->cpu);
	ASSERT_GE(self->fd, 0) TH_LOG("perf_event_open(%s): %s", variant->pmu, strerror(errno));
	if (!self->chunk)
		self->chunk = page_size();

	self->base = mmap(NULL, (1 + DATA_PAGES) * page_size(), PROT_READ | PROT_WRITE,
			  MAP_SHARED, self->fd, 0);
	ASSERT_NE(self->base, MAP_FAILED);
	self->pc = self->base;
	self->size = AUX_PAGES * page_size();
	self->aux = map_aux(self->pc, self->fd, self->size, PROT_READ | PROT_WRITE);
	ASSERT_NE(self->aux, MAP_FAILED) TH_LOG("AUX mmap: %s", strerror(errno));
}

FIXTURE_TEARDOWN(aux)
{
	if (self->aux != MAP_FAILED)
		munmap(self->aux, self->size);
	if (self->base != MAP_FAILED)
		munmap(self->base, (1 + DATA_PAGES) * page_size());
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(aux, pattern)
{
	struct aux_records r = {};
	__u64 head;

	ASSERT_EQ(aux_head(self->pc), 0);
	ASSERT_EQ(cycle(self->fd), 0);
	head = aux_head(self->pc);

	/* One commit, or one per context switch of a per-task event. */
	ASSERT_GT(head, 0);
	if (variant->cpu >= 0)
		EXPECT_EQ(head, self->chunk);
	EXPECT_EQ(head % self->chunk, 0);
	EXPECT_EQ(rb_counter_read(self->fd), head);
	EXPECT_EQ(check_pattern(self->aux, self->size, 0, head), 0);

	read_records(self->base, &r);
	EXPECT_GE(r.n, 1);
	EXPECT_EQ(r.bytes, head);
	EXPECT_EQ(r.end, head);
	EXPECT_EQ(r.gaps, 0);
	EXPECT_EQ(r.flags, 0);
}

TEST_F(aux, wrap)
{
	struct aux_records r = {};
	__u64 head = 0, prev;

	while (head < 3 * self->size) {
		prev = head;
		ASSERT_EQ(cycle(self->fd), 0);
		head = aux_head(self->pc);
		ASSERT_GT(head, prev);
		ASSERT_LE(head - prev, self->size);
		ASSERT_EQ(check_pattern(self->aux, self->size, prev, head), 0)
			TH_LOG("positions %llu..%llu", (unsigned long long)prev,
			       (unsigned long long)head);
		aux_consume(self->pc, head);
		read_records(self->base, &r);
	}
	EXPECT_EQ(rb_counter_read(self->fd), head);
	EXPECT_EQ(r.bytes, head);
	EXPECT_EQ(r.end, head);
	EXPECT_EQ(r.gaps, 0);
	EXPECT_EQ(r.flags, 0);
}

TEST_F(aux, full)
{
	struct aux_records r = {};
	__u64 head = 0, prev;
	unsigned int i;

	/* Never consume: the buffer fills, the last record is truncated. */
	for (i = 0; i <= self->size / self->chunk + 1; i++) {
		ASSERT_EQ(cycle(self->fd), 0);
		head = aux_head(self->pc);
		/* CIRC_SPACE() keeps one byte free; commits are whole words. */
		ASSERT_LE(head, self->size - sizeof(__u64));
	}
	read_records(self->base, &r);
	EXPECT_TRUE(r.flags & PERF_AUX_FLAG_TRUNCATED);
	EXPECT_EQ(r.bytes, head);
	EXPECT_EQ(rb_counter_read(self->fd), head);
	EXPECT_EQ(check_pattern(self->aux, self->size, 0, head), 0);

	/* Consume everything: data flows again, across the wrap. */
	aux_consume(self->pc, head);
	prev = head;
	ASSERT_EQ(cycle(self->fd), 0);
	head = aux_head(self->pc);
	ASSERT_GT(head, prev);
	EXPECT_EQ(check_pattern(self->aux, self->size, prev, head), 0);
}

TEST_F(aux, overwrite)
{
	struct aux_records r = {};
	__u64 head = aux_head(self->pc), prev;

	/* A read-only AUX mapping selects overwrite mode. */
	ASSERT_EQ(munmap(self->aux, self->size), 0);
	self->aux = map_aux(self->pc, self->fd, self->size, PROT_READ);
	ASSERT_NE(self->aux, MAP_FAILED);

	while (head < 2 * self->size) {
		prev = head;
		ASSERT_EQ(cycle(self->fd), 0);
		head = aux_head(self->pc);
		ASSERT_GT(head, prev);
	}
	EXPECT_EQ(rb_counter_read(self->fd), head);
	EXPECT_EQ(check_pattern(self->aux, self->size, head - self->size, head), 0);
	read_records(self->base, &r);
	EXPECT_GE(r.n, 1);
	EXPECT_TRUE(r.flags & PERF_AUX_FLAG_OVERWRITE);
	EXPECT_FALSE(r.flags & PERF_AUX_FLAG_TRUNCATED);
}

TEST_F(aux, unmap_while_enabled)
{
	__u64 head, prev;

	/* perf_mmap_close() must stop the open transaction first. */
	ASSERT_EQ(ioctl(self->fd, PERF_EVENT_IOC_ENABLE, 0), 0);
	ASSERT_EQ(munmap(self->aux, self->size), 0);
	self->aux = MAP_FAILED;
	ASSERT_EQ(ioctl(self->fd, PERF_EVENT_IOC_DISABLE, 0), 0);
	ASSERT_EQ(cycle(self->fd), 0);

	/* A new AUX area: aux_head goes on from where it was. */
	self->aux = map_aux(self->pc, self->fd, self->size, PROT_READ | PROT_WRITE);
	ASSERT_NE(self->aux, MAP_FAILED);
	prev = aux_head(self->pc);
	aux_consume(self->pc, prev);
	ASSERT_EQ(cycle(self->fd), 0);
	head = aux_head(self->pc);
	ASSERT_GT(head, prev);
	EXPECT_EQ(rb_counter_read(self->fd), head);
	EXPECT_EQ(check_pattern(self->aux, self->size, prev, head), 0);
}

TEST(sysfs)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pmu_names); i++) {
		EXPECT_GE(rb_pmu_type(pmu_names[i]), 0) TH_LOG("%s", pmu_names[i]);
		EXPECT_GE(chunk_last_bit(pmu_names[i]), 3) TH_LOG("%s", pmu_names[i]);
	}
}

TEST(bad_attr)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .disabled = 1 };
	int type = rb_pmu_type("aux_test");
	int last = chunk_last_bit("aux_test");

	ASSERT_GE(type, 0);
	ASSERT_GE(last, 3);
	errno = 0;
	EXPECT_EQ(event_open(type, sizeof(__u64) + 1, -1), -1);
	EXPECT_EQ(errno, EINVAL);
	errno = 0;
	EXPECT_EQ(event_open(type, 1ULL << (last + 1), -1), -1);
	EXPECT_EQ(errno, EINVAL);

	/* no interrupts, so no sampling */
	attr.type = type;
	attr.sample_period = 1;
	errno = 0;
	EXPECT_EQ(rb_perf_open(&attr, 0, -1, -1), -1);
	EXPECT_EQ(errno, EOPNOTSUPP);
}

TEST(no_aux_area)
{
	int type = rb_pmu_type("aux_test");
	void *base;
	int fd;

	/* Without an AUX area the PMU has nowhere to write: inert. */
	ASSERT_GE(type, 0);
	fd = event_open(type, 0, -1);
	ASSERT_GE(fd, 0);
	base = mmap(NULL, (1 + DATA_PAGES) * page_size(), PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	ASSERT_NE(base, MAP_FAILED);
	ASSERT_EQ(cycle(fd), 0);
	EXPECT_EQ(rb_counter_read(fd), 0);
	EXPECT_EQ(((struct perf_event_mmap_page *)base)->data_head, 0);
	munmap(base, (1 + DATA_PAGES) * page_size());
	close(fd);
}

TEST_HARNESS_MAIN
