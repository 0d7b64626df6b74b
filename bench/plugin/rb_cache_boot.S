/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rb_cache_boot: a multiboot kernel (32-bit, paging off: virtual and
 * physical addresses are the same) for the plugin's check in system
 * emulation, the kind of QEMU the guests run in: tests/host/plugin.sh
 * boots it with qemu-system-x86_64 -kernel.  After the firmware (which
 * runs outside any window), it sweeps SWEEP bytes at 2 MiB, 4 bytes a
 * load, in two windows, then ends QEMU through isa-debug-exit (port
 * 0xf4: exit status 1).
 */
#include "rb_marker.h"

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0
#define BUF		0x200000
#define SWEEP		0x180000	/* 1.5 MiB: fits L2, not L1d */

	.text
	.globl _start
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
_start:
	mov $2, %ecx
pass:
	mov $BUF, %esi
	mov $(BUF + SWEEP), %edi
	.byte 0x0f, 0x1f, 0x84, 0x00
	.long RB_MARK_OPEN
1:	mov (%esi), %eax
	add $4, %esi
	cmp %edi, %esi
	jne 1b
	.byte 0x0f, 0x1f, 0x84, 0x00
	.long RB_MARK_CLOSE
	dec %ecx
	jnz pass
	xor %eax, %eax
	out %al, $0xf4
2:	hlt
	jmp 2b
