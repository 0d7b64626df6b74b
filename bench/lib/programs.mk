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
#   check, clean, $(OUT)   the rules of those names; the including
#              Makefile's "all" stays the default goal

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

.PHONY: check clean
.SECONDARY:
