#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Print the struct page state of a perf ring buffer, read with drgn.

Usage: rb_pages.py VMLINUX PID FD

Loads the debug info once, then for every line read on standard input
looks up the perf event behind file descriptor FD of process PID in the
running kernel (/proc/kcore, root only) and prints one line per buffer
page, control page first, and a line "end":

    page INDEX PFN REFCOUNT MAPCOUNT MAPPING

REFCOUNT is page->_refcount, MAPCOUNT is page->_mapcount + 1 (an order-0
page), MAPPING is "null", "file" (the event file's f_mapping, as the
6.12 fault path sets it) or "other".  No page lines if the event has
no buffer.  Exits 1 on errors (message on stderr).
"""

import sys

import drgn
from drgn import cast
from drgn.helpers.linux.fs import fget
from drgn.helpers.linux.mm import page_to_pfn, virt_to_page
from drgn.helpers.linux.pid import find_task


def snapshot(prog, pid, fd):
    task = find_task(prog, pid)
    if not task:
        sys.stderr.write("no task %d\n" % pid)
        return False
    filp = fget(task, fd)
    if not filp:
        sys.stderr.write("no fd %d in task %d\n" % (fd, pid))
        return False
    event = cast("struct perf_event *", filp.private_data)
    if not event.rb:
        return True
    # event->rb may carry the incomplete declaration of struct
    # perf_buffer (from a file that does not include internal.h), which
    # drgn 0.0.22 does not always complete: cast to the full type.
    rb_type = prog.pointer_type(prog.type("struct perf_buffer"))
    rb = cast(rb_type, event.rb)
    f_mapping = filp.f_mapping.value_()
    addrs = [rb.user_page]
    addrs += [rb.data_pages[i] for i in range(rb.nr_pages.value_())]
    for i, addr in enumerate(addrs):
        page = virt_to_page(prog, addr)
        mapping = page.mapping.value_()
        if not mapping:
            kind = "null"
        elif mapping == f_mapping:
            kind = "file"
        else:
            kind = "other"
        print("page %d %d %d %d %s" % (
            i, page_to_pfn(page).value_(), page._refcount.counter.value_(),
            page._mapcount.counter.value_() + 1, kind))
    return True


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 1
    vmlinux, pid, fd = argv[1], int(argv[2]), int(argv[3])
    prog = drgn.Program()
    prog.set_kernel()
    prog.load_debug_info([vmlinux])
    for _ in sys.stdin:
        ok = snapshot(prog, pid, fd)
        print("end", flush=True)
        if not ok:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
