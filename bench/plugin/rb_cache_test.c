// SPDX-License-Identifier: GPL-2.0
/*
 * rb_cache_test: known access patterns inside rb_cache windows, for the
 * plugin's validation (tests/host/plugin.sh runs it, statically linked,
 * under qemu-x86_64 with the plugin).  Each window holds one asm loop,
 * so what it executes is known to the instruction.
 *
 * Usage: rb_cache_test loop N
 *	one window: N iterations of load, store, dec, jnz (4N instructions,
 *	N loads, N stores); before and after it, 1 MiB of loads and stores
 *	outside any window; then an empty window
 *        rb_cache_test sweep BYTES PASSES
 *	PASSES windows, each reading a fresh buffer of BYTES (a multiple of
 *	8) 8 bytes at a time in order: BYTES / 8 loads, 4 instructions each
 *        rb_cache_test conflict LINES STRIDE PASSES
 *	PASSES windows, each loading LINES addresses STRIDE bytes apart
 *	(one line each; a stride of sets * line maps them all to one set)
 *        rb_cache_test lines STRIDE I[,I...]
 *	one window per I, each one load of the line I * STRIDE bytes into a
 *	buffer: the replacement order, a line at a time
 *        rb_cache_test stos BYTES
 *	one window: rep stosb over a fresh buffer of BYTES; a second one:
 *	rep stosq over it again (how QEMU counts string instructions)
 *        rb_cache_test stray
 *	close, open, open, close, open: one window, one reopened, one stray
 *	close, one unclosed
 *
 * Runs natively too: the markers are NOPs on any x86-64 processor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rb_marker.h"

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: rb_cache_test loop N | sweep BYTES PASSES | conflict LINES STRIDE PASSES | lines STRIDE I[,I...] | stos BYTES | stray\n");
	exit(2);
}

static unsigned long num(const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || !v) {
		fprintf(stderr, "rb_cache_test: '%s' is not a positive number\n",
			s);
		exit(2);
	}
	return v;
}

static void *buffer(unsigned long len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "rb_cache_test: mmap %lu bytes: %s\n", len,
			strerror(errno));
		exit(1);
	}
	return p;
}

/* Outside any window: loads and stores the plugin must not count. */
static void outside(void)
{
	static unsigned long junk[1 << 17];
	unsigned long i;

	for (i = 0; i < 1 << 17; i++)
		junk[i] += i;
	/* the compiler must assume the stores are read */
	asm volatile("" : : "r" (junk) : "memory");
}

static void loop(unsigned long n)
{
	unsigned long cell[2] = { 1, 0 };
	unsigned long *p = cell;

	outside();
	asm volatile(RB_MARK_ASM(RB_MARK_OPEN)
		     "1:\n\t"
		     "mov (%[p]), %%rax\n\t"
		     "mov %%rax, 8(%[p])\n\t"
		     "dec %[n]\n\t"
		     "jnz 1b\n\t"
		     RB_MARK_ASM(RB_MARK_CLOSE)
		     : [n] "+r" (n)
		     : [p] "r" (p)
		     : "rax", "memory", "cc");
	outside();
	rb_window_open();
	rb_window_close();
}

static void sweep(unsigned long bytes, unsigned long passes)
{
	unsigned char *buf = buffer(bytes);
	unsigned long i;

	if (bytes % 8)
		bad_usage();
	for (i = 0; i < passes; i++) {
		unsigned char *p = buf, *end = buf + bytes;

		asm volatile(RB_MARK_ASM(RB_MARK_OPEN)
			     "1:\n\t"
			     "mov (%[p]), %%rax\n\t"
			     "add $8, %[p]\n\t"
			     "cmp %[end], %[p]\n\t"
			     "jne 1b\n\t"
			     RB_MARK_ASM(RB_MARK_CLOSE)
			     : [p] "+r" (p)
			     : [end] "r" (end)
			     : "rax", "memory", "cc");
	}
}

static void conflict(unsigned long lines, unsigned long stride,
		     unsigned long passes)
{
	unsigned char *buf = buffer(lines * stride);
	unsigned long i;

	for (i = 0; i < passes; i++) {
		unsigned char *p = buf;
		unsigned long n = lines;

		asm volatile(RB_MARK_ASM(RB_MARK_OPEN)
			     "1:\n\t"
			     "mov (%[p]), %%rax\n\t"
			     "add %[stride], %[p]\n\t"
			     "dec %[n]\n\t"
			     "jnz 1b\n\t"
			     RB_MARK_ASM(RB_MARK_CLOSE)
			     : [p] "+r" (p), [n] "+r" (n)
			     : [stride] "r" (stride)
			     : "rax", "memory", "cc");
	}
}

static void lines(unsigned long stride, char *list)
{
	unsigned long idx[64], n = 0, max = 0, i;
	unsigned char *buf;
	char *tok;

	for (tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
		if (n == 64)
			bad_usage();
		idx[n] = strtoul(tok, NULL, 10);
		if (idx[n] > max)
			max = idx[n];
		n++;
	}
	buf = buffer((max + 1) * stride);
	for (i = 0; i < n; i++) {
		unsigned char *p = buf + idx[i] * stride;

		asm volatile(RB_MARK_ASM(RB_MARK_OPEN)
			     "mov (%[p]), %%rax\n\t"
			     RB_MARK_ASM(RB_MARK_CLOSE)
			     : : [p] "r" (p)
			     : "rax", "memory");
	}
}

static void stos(unsigned long bytes)
{
	unsigned char *buf = buffer(bytes);
	unsigned long n = bytes;
	void *d = buf;

	asm volatile(RB_MARK_ASM(RB_MARK_OPEN)
		     "rep stosb\n\t"
		     RB_MARK_ASM(RB_MARK_CLOSE)
		     : "+D" (d), "+c" (n)
		     : "a" (0)
		     : "memory");
	d = buf;
	n = bytes / 8;
	asm volatile(RB_MARK_ASM(RB_MARK_OPEN)
		     "rep stosq\n\t"
		     RB_MARK_ASM(RB_MARK_CLOSE)
		     : "+D" (d), "+c" (n)
		     : "a" (0)
		     : "memory");
}

static void stray(void)
{
	rb_window_close();
	rb_window_open();
	rb_window_open();
	rb_window_close();
	rb_window_open();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "loop"))
		loop(num(argv[2]));
	else if (argc == 4 && !strcmp(argv[1], "sweep"))
		sweep(num(argv[2]), num(argv[3]));
	else if (argc == 5 && !strcmp(argv[1], "conflict"))
		conflict(num(argv[2]), num(argv[3]), num(argv[4]));
	else if (argc == 4 && !strcmp(argv[1], "lines"))
		lines(num(argv[2]), argv[3]);
	else if (argc == 3 && !strcmp(argv[1], "stos"))
		stos(num(argv[2]));
	else if (argc == 2 && !strcmp(argv[1], "stray"))
		stray();
	else
		bad_usage();
	return 0;
}
