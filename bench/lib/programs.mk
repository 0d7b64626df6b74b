# SPDX-License-Identifier: GPL-2.0
#
# Rules shared by the project's C programs (bench/, tests/suite,
# tests/aux, tests/stress), as kselftest's lib.mk is: a folder's Makefile
# sets HERE (its own directory) and OUT, includes this file, and then
# lists its programs and how each links.
#
# Programs build on the host, out of tree, into $(OUT); the guests run
# them from there.  What this file gives a Makefile:
#
#   PROJECT    the checkout
#   VARIANT=v  optional; resolved by scripts/variants.sh to RESOLVED,
#              <base>/<variant> (a bad name stops make with the reason)
#   BASE       the variant's base, or without one the oldest base
#   PRISTINE   build/<base>/linux, the base's pristine tree
#   HARNESS    its tools/testing/selftests (kselftest_harness.h), which
#              every variant of the base shares
#   KSRC       the tree whose perf_events selftests are built: the
#              variant's (a series may change them), else the pristine one
#   PE_OUT     where those selftests go: $(OUT)/perf_events/<base>/<v>/
#              (<base>/pristine without a variant)
#   CHECK_C, CHECK_SH
#              the files `make check` runs checkpatch --strict (the
#              pristine tree's) and shellcheck on; default: every *.c,
#              *.h and *.sh of $(HERE)
#   LIBRB      the project's C library (rb_util.[ch] here), built once
#              into $(OUT)/../lib/librb.a: every program links it
#   LIB_INC    -I for its header
#   check, clean, $(OUT), $(LIBRB)   the rules of those names; the
#              including Makefile's "all" stays the default goal

PROJECT   := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
VARIANT   ?=
ifeq ($(VARIANT),)
BASE      := $(firstword $(shell $(PROJECT)/scripts/variants.sh --bases))
KSRC      ?= $(PROJECT)/build/$(BASE)/linux
PE_NAME   := $(BASE)/pristine
else
RESOLVED  := $(shell $(PROJECT)/scripts/variants.sh $(VARIANT))
ifeq ($(RESOLVED),)
$(error VARIANT=$(VARIANT) is not a variant)
endif
BASE      := $(firstword $(subst /, ,$(RESOLVED)))
KSRC      ?= $(PROJECT)/build/$(RESOLVED)
PE_NAME   := $(RESOLVED)
endif
PRISTINE  := $(PROJECT)/build/$(BASE)/linux
HARNESS   := $(PRISTINE)/tools/testing/selftests
PE_OUT    := $(OUT)/perf_events/$(PE_NAME)
CC        ?= gcc
AR        ?= ar

LIB_DIR   := $(PROJECT)/bench/lib
LIB_OUT   := $(abspath $(OUT)/../lib)
LIBRB     := $(LIB_OUT)/librb.a
LIB_INC   := -I$(LIB_DIR)
LIB_CFLAGS := -O2 -g -std=gnu11 -Wall -Wextra -Werror -Wno-format-truncation

CHECK_C   ?= $(wildcard $(HERE)/*.c $(HERE)/*.h)
CHECK_SH  ?= $(wildcard $(HERE)/*.sh)
CHECKPATCH := $(PRISTINE)/scripts/checkpatch.pl

.DEFAULT_GOAL := all

$(OUT):
	mkdir -p $@

# run from $(OUT): checkpatch leaves a .checkpatch-camelcase cache in cwd
check: | $(OUT)
	cd $(OUT) && $(CHECKPATCH) --no-tree --strict --quiet --show-types -f \
		$(CHECK_C)
	$(if $(CHECK_SH),cd $(PROJECT) && shellcheck -x $(CHECK_SH))

clean:
	rm -rf $(OUT)

# Written under another name and renamed: an interrupted build leaves no
# half-written archive behind.
$(LIBRB): $(LIB_DIR)/rb_util.c $(LIB_DIR)/rb_util.h $(LIB_DIR)/programs.mk
	@mkdir -p $(LIB_OUT)
	$(CC) $(LIB_CFLAGS) -c -o $(LIB_OUT)/rb_util.o $<
	rm -f $@.tmp
	$(AR) rcs $@.tmp $(LIB_OUT)/rb_util.o
	mv $@.tmp $@

.PHONY: check clean
.SECONDARY:
