# perf ring-buffer mapping variants: build, boot, test, benchmark.
# `make help` lists the targets; README.md explains the project.

SHELL := /bin/sh
# Names are <base>/<variant>, or a bare variant (the newest base that has
# it); scripts/variants.sh checks and resolves them (kernel-patches/).
VARIANTS_ALL := $(shell scripts/variants.sh 2>/dev/null)
BASES ?=
VARIANTS ?=
VARIANT ?=
FLAVOUR ?=

# The guests' root: base (build/<base>/root, scripts/build-root.sh) or
# host; empty: the scripts' default, base
ROOTFS ?=

MODE ?= auto
QUICK ?= 0
SECONDS ?= 600
STRESS_FLAVOUR ?= debug

# CMD is handed to the guest untouched: no make expansion of its $ signs.
override CMD := $(value CMD)
export CMD FLAVOUR VARIANTS BASES MODE QUICK ROOTFS

.PHONY: help deps kernel kernels roots vm suite matrix stress check test bench

help:
	@echo 'Targets:'
	@echo '  make deps                     install the Debian packages needed (root)'
	@echo '  make kernel VARIANT=v         build one variant (incremental)'
	@echo '  make kernels [BASES=..] [VARIANTS=..]  build every (selected) variant'
	@echo '  make roots [BASES=..]         build each base'"'"'s guest root (root; only if changed)'
	@echo "  make vm VARIANT=v CMD='...'   boot v, run CMD in it; exit = CMD's"
	@echo '  make suite VARIANT=v [FLAVOUR=vmalloc]  behaviour suite + AUX tests in v'"'"'s guest'
	@echo '  make matrix                   behaviour matrix of the last suite runs'
	@echo '  make stress VARIANT=v SECONDS=n  stress + fault injection + races'
	@echo '                                in v'"'"'s debug kernel (KASAN, lockdep, ...)'
	@echo '  make check                    fast host-only checks (< 2 min)'
	@echo '  make test                     everything: check, all kernels, boot tests'
	@echo '  make bench [BASES=..] [VARIANTS=..] [MODE=auto|icount|tcg|kvm|local] [QUICK=1]'
	@echo '                                benchmark, write results/<date>-<host>-<mode>/'
	@echo ''
	@echo 'Variants: $(VARIANTS_ALL)'
	@echo '  (kernel-patches/<base>/variants; a bare name means the newest base)'
	@echo 'Knobs: BASES="6.12 7.3"  KSRC_7_3=/path/to/linux-7.3.y  ACCEL=auto|kvm|tcg|icount  TIMEOUT=s'
	@echo '       ROOTFS=base|host (guest root: the base'"'"'s own Debian root, or the host'"'"'s)'

deps:
	scripts/install-deps.sh

kernel:
	@scripts/install-deps.sh build
	scripts/build-kernel.sh '$(VARIANT)' $(FLAVOUR)

kernels:
	@scripts/install-deps.sh build
	@set -e; vs=$$(scripts/variants.sh $(VARIANTS)); for v in $$vs; do scripts/build-kernel.sh $$v $(FLAVOUR); done

roots:
	@scripts/install-deps.sh rootfs
	@set -e; for b in $$(scripts/variants.sh --bases); do scripts/build-root.sh $$b; done

vm:
	@scripts/install-deps.sh vm rootfs
	@scripts/vm-run.sh '$(VARIANT)' "$$CMD"

suite:
	@scripts/install-deps.sh
	scripts/build-kernel.sh '$(VARIANT)' $(FLAVOUR)
	$(MAKE) -s -C tests/suite VARIANT='$(VARIANT)'
	$(MAKE) -s -C tests/aux VARIANT='$(VARIANT)'
	FLAVOUR='$(FLAVOUR)' scripts/vm-run.sh '$(VARIANT)' 'rc=0; tests/suite/run.sh || rc=1; tests/aux/run.sh || rc=1; exit $$rc'

matrix:
	@scripts/behaviour-matrix.py

stress:
	@scripts/install-deps.sh
	scripts/build-kernel.sh '$(VARIANT)' $(STRESS_FLAVOUR)
	scripts/stress.sh '$(VARIANT)' '$(SECONDS)' --flavour '$(STRESS_FLAVOUR)' --record

check:
	@scripts/install-deps.sh build lint plugin
	tests/run.sh host

test:
	@scripts/install-deps.sh
	tests/run.sh all

bench:
	@scripts/install-deps.sh
	scripts/bench.sh
