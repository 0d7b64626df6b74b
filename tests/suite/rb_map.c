// SPDX-License-Identifier: GPL-2.0
/*
 * Invariants of the perf ring-buffer mapping: what every variant must
 * keep exactly as the unchanged 6.12 kernel does.  The errno values
 * asserted for refused operations are those of 6.12: perf_mmap()
 * refuses sizes that are not 1 + 2^n pages and MAP_PRIVATE with
 * EINVAL; perf_mmap_may_split() refuses any split with EINVAL, which
 * munmap, mremap and MAP_FIXED return unchanged (mm/vma.c
 * __split_vma(), mm/mremap.c move_vma()); VM_DONTEXPAND makes growing
 * mremap fail with EFAULT (mm/mremap.c vma_to_resize()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "rb_harness.h"
#include "rb_util.h"

#define RB_LEN	((1 + RB_DATA_PAGES) * rb_page)

FIXTURE(rb)
{
	int fd;
	char *base;
	char *snap;
};

FIXTURE_SETUP(rb)
{
	self->fd = rb_event_open();
	ASSERT_GE(self->fd, 0) TH_LOG("perf_event_open: %s", strerror(errno));
	self->base = rb_map(self->fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(self->base, MAP_FAILED) TH_LOG("mmap: %s", strerror(errno));
	/* some records, so that data pages have content to compare */
	ASSERT_EQ(rb_produce_on(self->fd, 16), 0);
	ASSERT_GT(rb_data_head(self->base), 0);
	self->snap = malloc(RB_LEN);
	ASSERT_NE(self->snap, NULL);
	memcpy(self->snap, self->base, RB_LEN);
}

FIXTURE_TEARDOWN(rb)
{
	if (self->base != MAP_FAILED)
		munmap(self->base, RB_LEN);
	free(self->snap);
	close(self->fd);
}

/* The mapping is one VMA exactly as mapped, with unchanged content. */
static int rb_intact(char *base, const char *snap)
{
	uintptr_t start, end;

	if (rb_maps_range(base, &start, &end))
		return 1;
	if (start != (uintptr_t)base || end != (uintptr_t)base + RB_LEN)
		return 2;
	if (memcmp(base, snap, RB_LEN))
		return 3;
	return 0;
}

TEST_F(rb, rw_control_page_writable)
{
	struct perf_event_mmap_page *pc = rb_ctrl(self->base);
	__u64 tail = 8 * sizeof(__u64);

	__atomic_store_n(&pc->data_tail, tail, __ATOMIC_RELEASE);
	EXPECT_EQ(__atomic_load_n(&pc->data_tail, __ATOMIC_ACQUIRE), tail);
	/* a child mapping the same buffer sees no signal writing page 0 */
	EXPECT_EQ(rb_child_map_access(self->fd, RB_DATA_PAGES,
				      PROT_READ | PROT_WRITE,
				      offsetof(struct perf_event_mmap_page,
					       __reserved), true), 0);
	EXPECT_EQ(pc->data_offset, rb_page);
	EXPECT_EQ(pc->data_size, RB_DATA_PAGES * rb_page);
}

TEST_F(rb, rw_data_head_advances)
{
	struct perf_event_header *h = (void *)(self->base + rb_page);
	__u64 head0 = rb_data_head(self->base), head1;

	/* the fixture's records: one PERF_RECORD_SAMPLE per fault */
	EXPECT_EQ(h->type, PERF_RECORD_SAMPLE);
	EXPECT_GT(h->size, 0);
	ASSERT_EQ(rb_produce_on(self->fd, 10), 0);
	head1 = rb_data_head(self->base);
	EXPECT_EQ(head1 - head0, 10 * (__u64)h->size);
}

TEST_F(rb, rw_mode_stops_at_data_tail)
{
	struct perf_event_header *h = (void *)(self->base + rb_page);
	__u64 size = RB_DATA_PAGES * rb_page;
	unsigned int n = (unsigned int)(2 * size / h->size);

	/* data_tail stays 0: a writable buffer must not be overwritten */
	ASSERT_EQ(rb_produce_on(self->fd, n), 0);
	EXPECT_LE(rb_data_head(self->base), size);
	EXPECT_EQ(memcmp(self->base + rb_page, self->snap + rb_page, h->size),
		  0);
}

TEST_F(rb, rw_data_page_write_sigbus)
{
	unsigned int i;

	for (i = 1; i <= RB_DATA_PAGES; i++) {
		EXPECT_EQ(rb_child_map_access(self->fd, RB_DATA_PAGES,
					      PROT_READ | PROT_WRITE,
					      i * rb_page + 8, true), SIGBUS)
			TH_LOG("data page %u", i);
	}
	/* reading them is fine */
	EXPECT_EQ(rb_child_map_access(self->fd, RB_DATA_PAGES,
				      PROT_READ | PROT_WRITE,
				      RB_DATA_PAGES * rb_page, false), 0);
}

TEST(ro_overwrite_mapping)
{
	__u64 size = RB_DATA_PAGES * rb_page;
	struct perf_event_header *h;
	unsigned int i;
	char *base;
	int fd;

	fd = rb_event_open();
	ASSERT_GE(fd, 0);
	base = rb_map(fd, RB_DATA_PAGES, PROT_READ);
	ASSERT_NE(base, MAP_FAILED) TH_LOG("mmap: %s", strerror(errno));
	ASSERT_EQ(rb_produce_on(fd, 1), 0);
	h = (void *)(base + rb_page);
	ASSERT_EQ(h->type, PERF_RECORD_SAMPLE);
	/* overwrite mode: head runs past the buffer size */
	ASSERT_EQ(rb_produce_on(fd, (unsigned int)(3 * size / h->size)), 0);
	EXPECT_GT(rb_data_head(base), 2 * size);
	for (i = 0; i <= RB_DATA_PAGES; i++)
		EXPECT_EQ(rb_try_read(base + i * rb_page), 0);
	EXPECT_EQ(rb_try_write(base), SIGSEGV);
	EXPECT_EQ(munmap(base, RB_LEN), 0);
	close(fd);
}

TEST(map_twice_shares_buffer)
{
	struct perf_event_mmap_page *a, *b;
	char *pa, *pb;
	int fd;

	fd = rb_event_open();
	ASSERT_GE(fd, 0);
	pa = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(pa, MAP_FAILED);
	pb = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(pb, MAP_FAILED);
	EXPECT_NE(pa, pb);
	a = rb_ctrl(pa);
	b = rb_ctrl(pb);
	a->data_tail = 0x40;
	EXPECT_EQ(b->data_tail, 0x40);
	b->data_tail = 0;
	ASSERT_EQ(rb_produce_on(fd, 20), 0);
	EXPECT_GT(rb_data_head(pa), 0);
	EXPECT_EQ(rb_data_head(pa), rb_data_head(pb));
	EXPECT_EQ(memcmp(pa + rb_page, pb + rb_page, RB_DATA_PAGES * rb_page),
		  0);
	/* another size for the same event is refused */
	EXPECT_EQ(rb_map(fd, RB_DATA_PAGES * 2, PROT_READ | PROT_WRITE),
		  MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(munmap(pa, RB_LEN), 0);
	/* the buffer lives on through the other mapping */
	ASSERT_EQ(rb_produce_on(fd, 1), 0);
	EXPECT_EQ(rb_try_read(pb + rb_page), 0);
	EXPECT_EQ(munmap(pb, RB_LEN), 0);
	close(fd);
}

TEST(set_output_shares_buffer)
{
	__u64 head;
	int fa, fb, fc;
	char *pa;

	fa = rb_event_open();
	fb = rb_event_open();
	fc = rb_event_open();
	ASSERT_GE(fa, 0);
	ASSERT_GE(fb, 0);
	ASSERT_GE(fc, 0);
	pa = rb_map(fa, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	ASSERT_NE(pa, MAP_FAILED);
	ASSERT_EQ(ioctl(fb, PERF_EVENT_IOC_SET_OUTPUT, fa), 0)
		TH_LOG("SET_OUTPUT: %s", strerror(errno));
	/* fb, enabled alone, writes into fa's buffer */
	head = rb_data_head(pa);
	ASSERT_EQ(rb_produce_on(fb, 5), 0);
	EXPECT_GT(rb_data_head(pa), head);
	/*
	 * an event with its own mapped buffer cannot be redirected:
	 * perf_event_set_output() fails with its default -EINVAL
	 */
	EXPECT_EQ(ioctl(fa, PERF_EVENT_IOC_SET_OUTPUT, fc), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(munmap(pa, RB_LEN), 0);
	close(fc);
	close(fb);
	close(fa);
}

/*
 * mmap() of an event redirected with PERF_EVENT_IOC_SET_OUTPUT to an
 * event that has a buffer.  6.12 maps the other event's buffer (its
 * event->rb); upstream d06bf78e55d5 ("perf: Fix refcount warning on
 * event->mmap_count increment", 2026, fixing the refcount_t conversion
 * of 6.15) refuses that with EBUSY.  Which one a base does is an
 * observation with a per-base expectation (rb_observe's set_output_mmap);
 * here: EBUSY is the only refusal, and a mapping made is the other
 * event's buffer.
 */
TEST(set_output_mmap_redirected)
{
	char *pa, *pb;
	int fa, fb;

	ASSERT_EQ(rb_map_redirected(RB_DATA_PAGES, &fa, &fb, &pa, &pb), 0);
	if (pb == MAP_FAILED) {
		EXPECT_EQ(errno, EBUSY) TH_LOG("mmap fb: %s", strerror(errno));
	} else {
		rb_ctrl(pa)->data_tail = 0x80;
		EXPECT_EQ(rb_ctrl(pb)->data_tail, 0x80);
		rb_ctrl(pa)->data_tail = 0;
		ASSERT_EQ(rb_produce_on(fb, 5), 0);
		EXPECT_GT(rb_data_head(pb), 0);
		EXPECT_EQ(rb_data_head(pa), rb_data_head(pb));
		EXPECT_EQ(munmap(pb, RB_LEN), 0);
	}
	EXPECT_EQ(munmap(pa, RB_LEN), 0);
	close(fb);
	close(fa);
}

TEST(sizes)
{
	static const unsigned int ok[] = { 0, 1, 2, 4, 8, 16, 64 };
	static const unsigned int bad[] = { 3, 5, 6, 7, 9, 12, 15, 63 };
	unsigned int i;
	void *p;
	int fd;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		fd = rb_event_open();
		ASSERT_GE(fd, 0);
		p = rb_map(fd, ok[i], PROT_READ | PROT_WRITE);
		EXPECT_NE(p, MAP_FAILED)
			TH_LOG("1+%u pages: %s", ok[i], strerror(errno));
		if (p != MAP_FAILED)
			EXPECT_EQ(munmap(p, (1 + ok[i]) * rb_page), 0);
		close(fd);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fd = rb_event_open();
		ASSERT_GE(fd, 0);
		p = rb_map(fd, bad[i], PROT_READ | PROT_WRITE);
		EXPECT_EQ(p, MAP_FAILED) TH_LOG("1+%u pages mapped", bad[i]);
		EXPECT_EQ(errno, EINVAL);
		if (p != MAP_FAILED)
			munmap(p, (1 + bad[i]) * rb_page);
		close(fd);
	}
	/* a private mapping is refused too */
	fd = rb_event_open();
	ASSERT_GE(fd, 0);
	p = mmap(NULL, RB_LEN, PROT_READ, MAP_PRIVATE, fd, 0);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	close(fd);
}

static void rb_child_mincore(void *arg)
{
	unsigned char vec[1 + RB_DATA_PAGES];

	/* ENOMEM: the range is not mapped in this process */
	if (mincore(arg, RB_LEN, vec) == 0 || errno != ENOMEM)
		_exit(1);
	if (rb_maps_has(arg))
		_exit(2);
	_exit(0);
}

TEST_F(rb, fork_does_not_copy)
{
	char flags[256];

	EXPECT_EQ(rb_child_signal(rb_child_mincore, self->base), 0);
	EXPECT_EQ(rb_child_signal(rb_child_read, self->base), SIGSEGV);
	EXPECT_EQ(rb_child_signal(rb_child_read, self->base + rb_page),
		  SIGSEGV);
	/* the parent keeps its mapping, marked do-not-copy */
	EXPECT_EQ(rb_intact(self->base, self->snap), 0);
	ASSERT_EQ(rb_vmflags(self->base, flags, sizeof(flags)), 0);
	EXPECT_TRUE(rb_vmflag(flags, "dc")) TH_LOG("VmFlags: %s", flags);
}

TEST_F(rb, partial_munmap_refused)
{
	size_t i;

	for (i = 0; i <= RB_DATA_PAGES; i++) {
		EXPECT_EQ(munmap(self->base + i * rb_page, rb_page), -1)
			TH_LOG("page %zu unmapped", i);
		EXPECT_EQ(errno, EINVAL);
	}
	EXPECT_EQ(munmap(self->base, RB_LEN - rb_page), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(munmap(self->base + rb_page, RB_LEN - rb_page), -1);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(rb_intact(self->base, self->snap), 0);
}

TEST_F(rb, partial_mremap_refused)
{
	char *dst, *p;

	/* a free place to move to */
	dst = mmap(NULL, RB_LEN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	ASSERT_NE(dst, MAP_FAILED);
	/* shrinking in place unmaps the tail: a split */
	p = mremap(self->base, RB_LEN, RB_LEN - rb_page, 0);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	/* moving the head, the tail or a middle page: a split */
	p = mremap(self->base, rb_page, rb_page, MREMAP_MAYMOVE | MREMAP_FIXED,
		   dst);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	p = mremap(self->base + rb_page, RB_LEN - rb_page, RB_LEN - rb_page,
		   MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	p = mremap(self->base + 2 * rb_page, rb_page, rb_page,
		   MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	/* growing: VM_DONTEXPAND */
	p = mremap(self->base, RB_LEN, RB_LEN + rb_page, MREMAP_MAYMOVE);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EFAULT);
	EXPECT_EQ(rb_intact(self->base, self->snap), 0);
	munmap(dst, RB_LEN);
}

TEST_F(rb, map_fixed_over_part_refused)
{
	char *p;

	p = mmap(self->base + rb_page, rb_page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	p = mmap(self->base, 2 * rb_page, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	/* nor a second mapping of the event over part of the first */
	p = rb_map_at(self->base + rb_page, self->fd, 0, PROT_READ, MAP_FIXED);
	EXPECT_EQ(p, MAP_FAILED);
	EXPECT_EQ(errno, EINVAL);
	EXPECT_EQ(rb_intact(self->base, self->snap), 0);
}

TEST_F(rb, move_whole_vma)
{
	__u64 head;
	char *dst, *p;

	dst = mmap(NULL, RB_LEN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		   0);
	ASSERT_NE(dst, MAP_FAILED);
	p = mremap(self->base, RB_LEN, RB_LEN, MREMAP_MAYMOVE | MREMAP_FIXED,
		   dst);
	ASSERT_EQ(p, dst) TH_LOG("mremap: %s", strerror(errno));
	EXPECT_FALSE(rb_maps_has(self->base));
	self->base = p;
	EXPECT_EQ(rb_intact(p, self->snap), 0);
	/* still the live buffer: records arrive, page 0 writable */
	head = rb_data_head(p);
	ASSERT_EQ(rb_produce_on(self->fd, 3), 0);
	EXPECT_GT(rb_data_head(p), head);
	rb_ctrl(p)->data_tail = head;
	EXPECT_EQ(rb_ctrl(p)->data_tail, head);
	EXPECT_EQ(rb_try_write(p + rb_page), SIGBUS);
	/* a move without MREMAP_FIXED works too */
	p = mremap(p, RB_LEN, RB_LEN, MREMAP_MAYMOVE);
	ASSERT_NE(p, MAP_FAILED);
	self->base = p;
	EXPECT_EQ(rb_ctrl(p)->data_tail, head);
}

TEST_F(rb, mprotect_ro_and_back)
{
	struct perf_event_mmap_page *pc = rb_ctrl(self->base);

	pc->data_tail = 0x10;
	ASSERT_EQ(mprotect(self->base, RB_LEN, PROT_READ), 0);
	EXPECT_EQ(rb_try_write(self->base), SIGSEGV);
	EXPECT_EQ(pc->data_tail, 0x10);
	/* only the whole VMA: changing part of it would split it */
	EXPECT_EQ(mprotect(self->base, rb_page, PROT_READ | PROT_WRITE), -1);
	EXPECT_EQ(errno, EINVAL);
	ASSERT_EQ(mprotect(self->base, RB_LEN, PROT_READ | PROT_WRITE), 0);
	EXPECT_EQ(rb_try_write(self->base), 0);
	pc->data_tail = 0x20;
	EXPECT_EQ(pc->data_tail, 0x20);
	EXPECT_EQ(rb_try_write(self->base + rb_page), SIGBUS);
}

struct rb_acct {
	long long mlock, pin, lck;
};

static int rb_acct_read(struct rb_acct *a)
{
	a->mlock = rb_user_perf_mlock();
	a->pin = rb_status_kb("VmPin");
	a->lck = rb_status_kb("VmLck");
	return a->mlock < 0 || a->pin < 0 || a->lck < 0 ? -1 : 0;
}

/*
 * In a child with a uid of its own, so no other process shares the
 * per-user charge: map a small and a big buffer, check the charges, and
 * that munmap and close give back exactly what mmap took.  Exit codes
 * name the check that failed.
 */
static void rb_child_accounting(void *arg)
{
	unsigned int big = *(unsigned int *)arg;
	struct rb_acct a0, a1, a2, a3;
	char *p, *q;
	int fd, fq;

	if (rb_private_uid())
		_exit(10);
	if (rb_acct_read(&a0))
		_exit(11);
	fd = rb_event_open();
	fq = rb_event_open();
	if (fd < 0 || fq < 0)
		_exit(12);
	p = rb_map(fd, RB_DATA_PAGES, PROT_READ | PROT_WRITE);
	if (p == MAP_FAILED)
		_exit(13);
	/* perf_mmap(): user_extra = nr_pages + 1, within the limit */
	if (rb_acct_read(&a1))
		_exit(14);
	if (a1.mlock != a0.mlock + 1 + RB_DATA_PAGES || a1.pin != a0.pin ||
	    a1.lck != a0.lck)
		_exit(15);
	/* past the per-user limit the rest goes to pinned_vm (VmPin) */
	q = rb_map(fq, big, PROT_READ | PROT_WRITE);
	if (q == MAP_FAILED)
		_exit(16);
	if (rb_acct_read(&a2))
		_exit(17);
	if (a2.pin <= a1.pin || a2.lck != a0.lck)
		_exit(18);
	if (munmap(q, (1 + (size_t)big) * rb_page) || munmap(p, RB_LEN))
		_exit(19);
	if (rb_acct_read(&a3))
		_exit(20);
	if (a3.mlock != a0.mlock || a3.pin != a0.pin || a3.lck != a0.lck)
		_exit(21);
	close(fq);
	close(fd);
	if (rb_acct_read(&a3))
		_exit(22);
	if (a3.mlock != a0.mlock || a3.pin != a0.pin || a3.lck != a0.lck)
		_exit(23);
	_exit(0);
}

TEST(accounting_restored)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int big = 1;
	long long limit;
	FILE *f;

	f = fopen("/proc/sys/kernel/perf_event_mlock_kb", "re");
	ASSERT_NE(f, NULL);
	ASSERT_EQ(fscanf(f, "%lld", &limit), 1);
	fclose(f);
	limit = limit / (long long)(rb_page / 1024) * cpus;
	/* a buffer that on its own is over the per-user limit */
	while (big + 1 <= limit)
		big <<= 1;
	EXPECT_EQ(rb_child_signal(rb_child_accounting, &big), 0);
}

TEST_F(rb, write_from_buffer)
{
	char path[] = "/tmp/rb_write.XXXXXX";
	size_t len = RB_DATA_PAGES * rb_page;
	char *back;
	int out;

	out = mkstemp(path);
	ASSERT_GE(out, 0);
	unlink(path);
	EXPECT_EQ(write(out, self->base, RB_LEN), (ssize_t)RB_LEN)
		TH_LOG("write: %s", strerror(errno));
	back = malloc(RB_LEN);
	ASSERT_NE(back, NULL);
	EXPECT_EQ(pread(out, back, RB_LEN, 0), (ssize_t)RB_LEN);
	EXPECT_EQ(memcmp(back + rb_page, self->base + rb_page, len), 0);
	free(back);
	close(out);
}

TEST_HARNESS_MAIN
