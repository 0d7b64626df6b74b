// SPDX-License-Identifier: GPL-2.0
/*
 * Race AUX transactions of the test-only aux_test PMU
 * (kernel-patches/<base>/testing/) against mapping, unmapping and sharing of the
 * AUX buffer, checking the data pattern wherever it is stable.  Meant for
 * the debug (KASAN, lockdep) kernels: the kernel log is the other half of
 * the verdict (scripts/vm-run.sh fails on any splat).
 *
 * Threads, all at once for the given number of seconds:
 *   toggler  enables and disables a CPU-0 event E: a transaction opens
 *            and commits on CPU 0 each time
 *   mapper   maps E's AUX area, checks the data committed while it is
 *            mapped, consumes it and unmaps it again: AUX buffers are
 *            freed under open transactions (perf_pmu_output_stop()) and
 *            allocated anew
 *   sharer   opens a second CPU-0 event, redirects it into E's buffer
 *            (PERF_EVENT_IOC_SET_OUTPUT) and runs it next to E: two
 *            events of one buffer scheduled together on one CPU
 *   tasker   a per-task event of its own thread, mapped, enabled, with
 *            context switches (sched_yield, usleep) starting and
 *            stopping it, its AUX area remapped every few rounds
 *
 * Prints KTAP and exits non-zero on a wrong word or a failed call.
 *
 * Usage: aux_race [SECONDS]   (default 10)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <linux/types.h>

#include "rb_util.h"

/* Must match AUX_TEST_TAG in kernel/events/aux_test_pmu.c. */
#define AUX_TEST_TAG	0x747365745f787561ULL

#define DATA_PAGES	8
#define AUX_PAGES	8

static int pmu_type;
static long page;
static int stop;

static bool stopping(void)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED);
}

struct stats {
	const char	*name;
	unsigned long	rounds;
	unsigned long	checked;	/* words compared */
	unsigned long	bad;		/* words wrong */
	unsigned long	errors;		/* failed calls */
	int		first_errno;
	const char	*first_call;
};

static void failed(struct stats *st, const char *call)
{
	if (!st->errors++) {
		st->first_errno = errno;
		st->first_call = call;
	}
}

static int event_open(int cpu)
{
	struct perf_event_attr attr = {
		.size		= sizeof(attr),
		.type		= pmu_type,
		.disabled	= 1,
	};

	return rb_perf_open(&attr, cpu < 0 ? 0 : -1, cpu, -1);
}

static void *map_data(int fd)
{
	return mmap(NULL, (1 + DATA_PAGES) * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
}

static void *map_aux(void *base, int fd)
{
	return rb_map_aux(fd, base, (1 + DATA_PAGES) * page, AUX_PAGES,
			  PROT_READ | PROT_WRITE, NULL, MAP_SHARED);
}

/* Check [tail, head) of a mapped AUX area, then consume it. */
static void check_consume(struct stats *st, void *base, const void *aux, __u64 *tail)
{
	struct perf_event_mmap_page *pc = base;
	__u64 size = AUX_PAGES * page;
	__u64 head = __atomic_load_n(&pc->aux_head, __ATOMIC_ACQUIRE);
	__u64 pos;

	if (head - *tail > size) {
		/* cannot happen in the normal mode: the PMU respects aux_tail */
		st->bad++;
		*tail = head;
	}
	for (pos = *tail; pos < head; pos += sizeof(__u64)) {
		__u64 got = *(const __u64 *)(aux + (pos & (size - 1)));

		st->checked++;
		if (got != (AUX_TEST_TAG ^ pos) && !st->bad++)
			fprintf(stderr, "# %s: aux position %llu: got %#llx\n", st->name,
				(unsigned long long)pos, (unsigned long long)got);
	}
	*tail = head;
	__atomic_store_n(&pc->aux_tail, head, __ATOMIC_RELEASE);
}

static int cpu0_event = -1;
static void *cpu0_base;

static void *toggler(void *arg)
{
	struct stats *st = arg;

	while (!stopping()) {
		if (ioctl(cpu0_event, PERF_EVENT_IOC_ENABLE, 0) ||
		    ioctl(cpu0_event, PERF_EVENT_IOC_DISABLE, 0))
			failed(st, "ioctl(E, ENABLE/DISABLE)");
		st->rounds++;
	}
	return NULL;
}

static void *mapper(void *arg)
{
	struct perf_event_mmap_page *pc = cpu0_base;
	struct stats *st = arg;
	void *aux;
	__u64 tail;
	int i;

	while (!stopping()) {
		aux = map_aux(cpu0_base, cpu0_event);
		if (aux == MAP_FAILED) {
			failed(st, "mmap(E, AUX)");
			continue;
		}
		/* What was committed before this mapping went elsewhere. */
		tail = __atomic_load_n(&pc->aux_head, __ATOMIC_ACQUIRE);
		__atomic_store_n(&pc->aux_tail, tail, __ATOMIC_RELEASE);
		for (i = 0; i < 20 && !stopping(); i++) {
			check_consume(st, cpu0_base, aux, &tail);
			sched_yield();
		}
		if (munmap(aux, AUX_PAGES * page))
			failed(st, "munmap(E, AUX)");
		st->rounds++;
	}
	return NULL;
}

static void *sharer(void *arg)
{
	struct stats *st = arg;
	int fd;

	while (!stopping()) {
		fd = event_open(0);
		if (fd < 0) {
			failed(st, "perf_event_open(E2)");
			continue;
		}
		if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, cpu0_event))
			failed(st, "ioctl(E2, SET_OUTPUT, E)");
		else if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0))
			failed(st, "ioctl(E2, ENABLE)");
		usleep(200);
		close(fd);
		st->rounds++;
	}
	return NULL;
}

static void *tasker(void *arg)
{
	struct stats *st = arg;
	struct perf_event_mmap_page *pc;
	void *base, *aux;
	__u64 tail;
	int fd, i;

	fd = event_open(-1);
	if (fd < 0) {
		failed(st, "perf_event_open(per task)");
		return NULL;
	}
	base = map_data(fd);
	if (base == MAP_FAILED) {
		failed(st, "mmap(per task)");
		close(fd);
		return NULL;
	}
	pc = base;
	if (ioctl(fd, PERF_EVENT_IOC_ENABLE, 0))
		failed(st, "ioctl(per task, ENABLE)");
	while (!stopping()) {
		aux = map_aux(base, fd);
		if (aux == MAP_FAILED) {
			failed(st, "mmap(per task, AUX)");
			continue;
		}
		/*
		 * The event was stopped when the old AUX area went away;
		 * it starts again at the next context switch.
		 */
		tail = __atomic_load_n(&pc->aux_head, __ATOMIC_ACQUIRE);
		__atomic_store_n(&pc->aux_tail, tail, __ATOMIC_RELEASE);
		for (i = 0; i < 20 && !stopping(); i++) {
			if (i & 1)
				sched_yield();
			else
				usleep(100);
			check_consume(st, base, aux, &tail);
		}
		if (munmap(aux, AUX_PAGES * page))
			failed(st, "munmap(per task, AUX)");
		st->rounds++;
	}
	munmap(base, (1 + DATA_PAGES) * page);
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	void *(*fn[])(void *) = { toggler, mapper, sharer, tasker };
	struct stats st[] = {
		{ .name = "toggler" }, { .name = "mapper" },
		{ .name = "sharer" }, { .name = "tasker" },
	};
	pthread_t tid[4];
	int seconds = argc > 1 ? atoi(argv[1]) : 10;
	unsigned int i, n = ARRAY_SIZE(st), bad = 0;

	page = sysconf(_SC_PAGESIZE);
	printf("TAP version 13\n1..%u\n", n + 1);
	pmu_type = rb_pmu_type("aux_test");
	if (pmu_type < 0) {
		printf("Bail out! no %s/aux_test: kernel without the test patch?\n",
		       RB_PMU_DIR);
		return 1;
	}
	cpu0_event = event_open(0);
	if (cpu0_event < 0) {
		printf("Bail out! perf_event_open(aux_test, cpu 0): %s\n", strerror(errno));
		return 1;
	}
	cpu0_base = map_data(cpu0_event);
	if (cpu0_base == MAP_FAILED) {
		printf("Bail out! mmap: %s\n", strerror(errno));
		return 1;
	}

	for (i = 0; i < n; i++)
		if (pthread_create(&tid[i], NULL, fn[i], &st[i])) {
			printf("Bail out! pthread_create\n");
			return 1;
		}
	sleep(seconds);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < n; i++)
		pthread_join(tid[i], NULL);

	for (i = 0; i < n; i++) {
		bool ok = st[i].rounds && !st[i].bad && !st[i].errors;

		printf("# %s: %lu rounds, %lu words checked, %lu wrong, %lu failed calls\n",
		       st[i].name, st[i].rounds, st[i].checked, st[i].bad, st[i].errors);
		if (st[i].errors)
			printf("# %s: first failure: %s: %s\n", st[i].name,
			       st[i].first_call, strerror(st[i].first_errno));
		printf("%sok %u %s\n", ok ? "" : "not ", i + 1, st[i].name);
		bad += !ok;
	}
	/* The checks must have seen data, or they prove nothing. */
	if (!st[1].checked || !st[3].checked)
		bad++;
	printf("%sok %u data_checked\n", st[1].checked && st[3].checked ? "" : "not ", n + 1);
	printf("# Totals: pass:%u fail:%u\n", n + 1 - bad, bad);
	return bad ? 1 : 0;
}
