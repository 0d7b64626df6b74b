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

A CONFIG_PERF_USE_VMALLOC kernel (the vmalloc flavour) keeps the whole
buffer in one vmalloc_user() area, user page first, data_pages[0] its
second page; its struct pages come from drgn's vmalloc_to_page() where
drgn has it (the 7.3 root's 0.0.31) or else (the 6.12 root's 0.0.22)
from the area's vm_struct, as the kernel's vmalloc_to_page() finds
them.
"""

import sys

import drgn
from drgn import cast
from drgn.helpers.linux.fs import fget
from drgn.helpers.linux.list import list_for_each_entry
from drgn.helpers.linux import mm
from drgn.helpers.linux.mm import page_to_pfn, virt_to_page
from drgn.helpers.linux.pid import find_task


def vmalloc_pages(prog, base, count):
    """The struct pages of COUNT pages of the vmalloc area at BASE."""
    page_size = prog["PAGE_SIZE"].value_()
    if hasattr(mm, "vmalloc_to_page"):
        return [mm.vmalloc_to_page(prog, base + i * page_size)
                for i in range(count)]
    # mm/vmalloc.c (6.9+): the busy vmap_areas of every vmap node
    nodes = prog["vmap_nodes"]
    for n in range(prog["nr_vmap_nodes"].value_()):
        head = nodes[n].busy.head.address_of_()
        for va in list_for_each_entry("struct vmap_area", head, "list"):
            if va.va_start.value_() <= base < va.va_end.value_():
                vm = va.vm
                first = (base - vm.addr.value_()) // page_size
                if first + count > vm.nr_pages.value_():
                    raise LookupError("buffer beyond its vm area")
                return [vm.pages[first + i] for i in range(count)]
    raise LookupError("no vmap area holds %#x" % base)


def buffer_pages(prog, rb):
    """The struct pages of RB, control page first."""
    if any(m.name == "page_order" for m in rb.type_.type.members):
        # CONFIG_PERF_USE_VMALLOC: one area, 1 << page_order data pages
        base = rb.user_page.value_()
        count = 1 + (rb.nr_pages.value_() << rb.page_order.value_())
        return vmalloc_pages(prog, base, count)
    addrs = [rb.user_page]
    addrs += [rb.data_pages[i] for i in range(rb.nr_pages.value_())]
    return [virt_to_page(prog, addr) for addr in addrs]


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
    for i, page in enumerate(buffer_pages(prog, rb)):
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
