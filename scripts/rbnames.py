# SPDX-License-Identifier: GPL-2.0
"""Kernel bases and variant names, for the project's Python scripts.

Imported, never run.  The same semantics as scripts/lib.sh:

  bases()              the folders of kernel-patches/ whose name is a
                       base name, oldest version first
  base_variants(base)  the variants kernel-patches/<base>/variants lists,
                       in report order; the first is the reference
  reference(base)      that first one, as <base>/<variant>
  variant_list()       every variant of every base (or of those given),
                       as <base>/<variant>; the reports take their
                       bases from the data, so BASES= is not read here
  resolve(name)        <base>/<variant> for what a user typed (a bare
                       name: the newest base that has it)
  check(kind, name)    raise BadName unless NAME is a valid base,
                       variant or flavour name
  tag(v, flavour)      <base>-<variant>[-<flavour>], for file names
  read_fields(path)    a results file of "key: value" lines (meta.txt,
                       kernel.txt, ...; sep="=" for stress summaries)

The grammar itself is kernel-patches/name-grammar (POSIX extended
regular expressions, read here); nothing else in Python holds a rule
for names.

Results made before kernel bases (results/2026-11-26T*: one flat
<variant>/ folder per variant, a meta.txt without a "bases:" line,
stress summaries without base=) are of LEGACY_BASE.  This is the one
place that says so: run_variants() and stress_identity() read them so.
"""

import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATCHES = os.path.join(TOP, "kernel-patches")
GRAMMAR = os.path.join(PATCHES, "name-grammar")

# Every result recorded before kernel bases existed was of Linux 6.12.
LEGACY_BASE = "6.12"

# POSIX bracket classes the grammar may use, in Python's spelling
_POSIX_CLASSES = {
    "[:digit:]": "0-9", "[:lower:]": "a-z", "[:upper:]": "A-Z",
    "[:alpha:]": "A-Za-z", "[:alnum:]": "A-Za-z0-9",
    "[:space:]": " \\t\\n\\r\\f\\v", "[:punct:]": "!-/:-@\\[-`{-~",
}


class BadName(ValueError):
    """A name outside the grammar, or not a base or variant here."""


def _rel(path):
    return os.path.relpath(path, TOP)


_cache = {}


def grammar():
    """The name grammar as {key: value} (kernel-patches/name-grammar)."""
    if "grammar" not in _cache:
        g = {}
        try:
            with open(GRAMMAR, encoding="utf-8") as f:
                for line in f:
                    line = line.rstrip("\n")
                    if line.startswith("#") or "=" not in line:
                        continue
                    key, val = line.split("=", 1)
                    g[key] = val
        except OSError as e:
            raise BadName("cannot read %s: %s" % (_rel(GRAMMAR), e))
        for key in ("base", "variant", "max"):
            if key not in g:
                raise BadName("%s has no %s= line" % (_rel(GRAMMAR), key))
        _cache["grammar"] = g
    return _cache["grammar"]


def _rule(kind):
    g = grammar()
    rule = g["variant" if kind == "flavour" else kind]
    py = rule
    for posix, mine in _POSIX_CLASSES.items():
        py = py.replace(posix, mine)
    return rule, re.compile(py)


def max_len():
    """The longest <base>/<variant> a report column is made for."""
    return int(grammar()["max"])


def reserved():
    return grammar().get("reserved", "").split()


def valid(kind, name):
    """True if NAME is a valid name of KIND (base, variant, flavour)."""
    try:
        check(kind, name)
    except BadName:
        return False
    return True


def check(kind, name):
    """Raise BadName unless NAME is a valid KIND name (as lib.sh's
    check_name)."""
    rule, rx = _rule(kind)
    if "\n" in name or not rx.search(name):
        raise BadName("'%s' is not a valid %s name: it must match %s (%s)"
                      % (name, kind, rule, _rel(GRAMMAR)))
    if kind == "variant" and name in reserved():
        raise BadName("'%s' is reserved (kernel-patches/<base>/%s/ is not "
                      "a variant)" % (name, name))


def version_key(base):
    """Sort key of a base name: its numbers as numbers (sort -V)."""
    return [int(x) if x.isdigit() else x for x in base.split(".")]


def bases():
    """The bases: folders of kernel-patches/ with a base name, oldest
    first."""
    if "bases" not in _cache:
        try:
            names = os.listdir(PATCHES)
        except OSError:
            names = []
        found = [n for n in names if os.path.isdir(os.path.join(PATCHES, n))
                 and valid("base", n)]
        _cache["bases"] = sorted(found, key=version_key)
    return list(_cache["bases"])


def base_variants(base):
    """The variants of BASE, bare, in report order (first: the
    reference); each checked as lib.sh's base_variants checks it."""
    path = os.path.join(PATCHES, base, "variants")
    try:
        with open(path, encoding="utf-8") as f:
            lines = [ln.split("#")[0] for ln in f]
    except OSError:
        raise BadName("base %s has no list of variants (%s)"
                      % (base, _rel(path)))
    out = []
    for ln in lines:
        # blanks around a name dropped; one inside stays, for check()
        v = ln.strip()
        if not v:
            continue
        try:
            check("variant", v)
        except BadName as e:
            raise BadName("%s; in %s" % (e, _rel(path)))
        if len(base) + 1 + len(v) > max_len():
            raise BadName("'%s/%s' is longer than %d characters (%s); in %s"
                          % (base, v, max_len(), _rel(GRAMMAR), _rel(path)))
        if not os.path.isdir(os.path.join(PATCHES, base, v)):
            raise BadName("variant %s/%s is listed but %s/ does not exist"
                          % (base, v, _rel(os.path.join(PATCHES, base, v))))
        out.append(v)
    return out


def reference(base):
    """The reference variant of BASE as <base>/<variant>, or None."""
    vs = base_variants(base)
    return "%s/%s" % (base, vs[0]) if vs else None


def variant_list(selected=None):
    """Every variant of the bases SELECTED (default: all) as
    <base>/<variant>, oldest base first."""
    return ["%s/%s" % (b, v) for b in (selected or bases())
            for v in base_variants(b)]


def base_of(variant):
    return variant.split("/", 1)[0]


def name_of(variant):
    return variant.split("/", 1)[1]


def qualified(base, name):
    return "%s/%s" % (base, name)


def resolve(name):
    """<base>/<variant> for NAME (qualified, or bare: the newest base that
    has it); BadName with the rule and the valid names otherwise."""
    every = variant_list()
    hint = "valid names: " + " ".join(every)
    if "/" in name:
        b, v = name.split("/", 1)
        try:
            check("base", b)
            check("variant", v)
        except BadName as e:
            raise BadName("%s; %s" % (e, hint))
        if name not in every:
            raise BadName("unknown variant '%s'; %s" % (name, hint))
        return name
    try:
        check("variant", name)
    except BadName as e:
        raise BadName("%s; %s" % (e, hint))
    hits = [v for v in every if name_of(v) == name]
    if not hits:
        raise BadName("unknown variant '%s'; %s" % (name, hint))
    return hits[-1]


def tag(variant, flavour=""):
    """A file name for a variant and flavour: <base>-<variant>[-<flavour>]
    (names hold no '-', so the parts stay apart)."""
    return "%s-%s%s" % (base_of(variant), name_of(variant),
                        "-" + flavour if flavour else "")


def split_tag(t):
    """(base, variant, flavour) of a tag(), or None when T is not one (a
    name from before kernel bases: <variant>[-<flavour>])."""
    parts = t.split("-")
    if len(parts) not in (2, 3) or not valid("base", parts[0]):
        return None
    if not valid("variant", parts[1]):
        return None
    if len(parts) == 3 and not valid("flavour", parts[2]):
        return None
    return parts[0], parts[1], parts[2] if len(parts) == 3 else ""


def split_legacy_tag(t):
    """(variant, flavour) of a file name tag from before kernel bases."""
    v, _, f = t.partition("-")
    return v, f


class RunVariant:
    """One variant of a results folder (scripts/bench.sh).

    full   <base>/<variant>              base, name: its two parts
    dir    its folder in the results folder (<base>/<variant>; a legacy
           folder: <variant>)
    shown  how the folder's meta.txt names it (legacy: the bare name)
    tag    its file-name tag (legacy: the bare name)
    """

    def __init__(self, base, name, legacy):
        self.base = base
        self.name = name
        self.full = qualified(base, name)
        self.legacy = legacy
        self.dir = name if legacy else self.full
        self.shown = name if legacy else self.full
        self.tag = name if legacy else tag(self.full)

    def __repr__(self):
        return "RunVariant(%s)" % self.full


def read_fields(path, sep=": "):
    """The KEY<sep>VALUE lines of a results file as a dict; other lines
    are skipped, and a key given twice keeps its last value."""
    fields = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, found, value = line.rstrip("\n").partition(sep)
            if found:
                fields[key.strip()] = value
    return fields


def run_variants(meta):
    """(variants, references) of a results folder from its meta.txt as a
    dict: the RunVariants in the order measured, and {base: RunVariant
    or None}, the reference of each base measured there (None: not
    measured).  A folder without a "bases:" line is of LEGACY_BASE, its
    reference the first variant LEGACY_BASE lists now."""
    names = meta.get("variants", "").split()
    legacy = "bases" not in meta
    out = []
    for n in names:
        if legacy:
            if "/" in n:
                raise BadName("meta.txt has no bases: line but names %s" % n)
            check("variant", n)
            out.append(RunVariant(LEGACY_BASE, n, True))
        else:
            if "/" not in n:
                raise BadName("meta.txt variant '%s' is not <base>/<variant>"
                              % n)
            check("base", base_of(n))
            check("variant", name_of(n))
            out.append(RunVariant(base_of(n), name_of(n), False))
    if legacy:
        try:
            refs = [reference(LEGACY_BASE)]
        except BadName:
            refs = [qualified(LEGACY_BASE, "baseline")]
    else:
        refs = meta.get("references", "").split()
        recorded = {base_of(r) for r in refs}
        # a folder whose meta.txt lacks a base's reference: the list now
        for b in sorted({v.base for v in out} - recorded, key=version_key):
            try:
                refs.append(reference(b))
            except BadName:
                pass
    by_full = {v.full: v for v in out}
    references = {}
    for b in sorted({v.base for v in out}, key=version_key):
        references[b] = next((by_full[r] for r in refs
                              if r and base_of(r) == b and r in by_full),
                             None)
    return out, references


def group_by_base(variants):
    """[(base, [RunVariant...])] in base order, each in the given order."""
    groups = {}
    for v in variants:
        groups.setdefault(v.base, []).append(v)
    return [(b, groups[b]) for b in sorted(groups, key=version_key)]


def stress_identity(summary):
    """(base, variant, flavour) of a stress run from its summary.txt
    values (scripts/stress.sh writes base=, variant=, flavour=); a
    summary without base= is of LEGACY_BASE; the flag says which."""
    v = summary.get("variant", "")
    b = summary.get("base", "")
    legacy = not b
    if not b and "/" in v:
        b, v, legacy = base_of(v), name_of(v), False
    return (b or LEGACY_BASE, v, summary.get("flavour", "")), legacy
