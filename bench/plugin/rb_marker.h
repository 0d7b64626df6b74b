/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The markers that open and close a counting window of the rb_cache TCG
 * plugin (bench/plugin/rb_cache.c).  bench/bench.h says why these.
 *
 * Each marker is one 8-byte NOP, "nopl DISP32(%rax,%rax,1)", encoded
 *
 *	0f 1f 84 00 <DISP32, little-endian>
 *
 * the long NOP that assemblers and compilers emit for padding, with
 * displacement 0 there; the displacement tells the markers apart.  A NOP
 * with a memory operand computes no address and touches no memory.
 */
#ifndef RB_MARKER_H
#define RB_MARKER_H

/* Assembler sources (rb_cache_boot.S) use the numbers alone. */
#define RB_MARK_OPEN	0x72620001	/* "rb", 1: open the window */
#define RB_MARK_CLOSE	0x72620002	/* "rb", 2: close it */
#define RB_MARK_LEN	8		/* bytes of one marker */
#define RB_MARK_PREFIX	"\x0f\x1f\x84\x00"

#ifndef __ASSEMBLY__
#define RB_MARK_STR_(x)	#x
#define RB_MARK_STR(x)	RB_MARK_STR_(x)
/* The marker as assembler text, for inside an asm statement. */
#define RB_MARK_ASM(disp) \
	".byte 0x0f, 0x1f, 0x84, 0x00\n\t.long " RB_MARK_STR(disp) "\n\t"

/*
 * The "memory" clobber keeps the compiler from moving memory accesses
 * across a marker: what the window holds is what the source puts there.
 */
static inline void rb_window_open(void)
{
	asm volatile(RB_MARK_ASM(RB_MARK_OPEN) ::: "memory");
}

static inline void rb_window_close(void)
{
	asm volatile(RB_MARK_ASM(RB_MARK_CLOSE) ::: "memory");
}
#endif

#endif
