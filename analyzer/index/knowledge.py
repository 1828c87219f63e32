"""The tree-wide knowledge: the per-file entries (analyzer.index.entry) merged.

    summaries   function -> Summary, for the functions one file defines, or
                several files define alike (a name two files define differently,
                static helpers of one name, is left out: a call cannot tell which)
    edges       (outer class, inner class) -> up to SITES example sites
                (path, line, function, call), the nesting taken in the files and
                through the summaries of the functions they call
    orders      (path, line, [lock name, ...]): the orders the comments state
    accesses    "struct.field" -> [sites, {class: sites under it}]
    skipped     (path, line, function, reason): what was not read, and why

A guard belief (Engler's "bugs as deviant behavior", RacerX) is a field accessed
with one lock class held at MIN_SHARE of its sites or more, out of MIN_SITES or
more: the tree's code says the lock guards it, though no rule book does.
"""

from typing import NamedTuple

from analyzer.index.codec import decode_summary

# Example sites kept per edge: a counter-example in the code a patch changes
# is no counter-example, so another is needed.
SITES = 3
# A belief needs this many access sites, and the lock held at this share of them:
# fewer sites say little; a lower share counts fields some paths legitimately
# read without the lock (a racy check, then a locked recheck) as guarded.
MIN_SITES = 10
MIN_SHARE = 0.9


class Belief(NamedTuple):
    """A field the tree accesses under ``lock_class`` at ``under`` of its ``sites``."""
    field: str
    lock_class: str
    under: int
    sites: int

    @property
    def strength(self):
        return self.under / self.sites


class TreeKnowledge:
    def __init__(self):
        self.files = 0
        self.functions = 0
        self.parsed = 0
        self.summaries = {}     # name -> encoded Summary (decoded by summary())
        self.ambiguous = set()  # names several files define with different summaries
        self.edges = {}         # (outer, inner) -> [[path, line, function, call], ...]
        self.orders = []        # [path, line, [name, ...]]
        self.accesses = {}      # field -> [sites, {class: sites}]
        self.skipped = []       # [path, line, function, reason]

    def add(self, path, entry, calls):
        """Add one file's entry; its calls made holding locks are kept in ``calls``
        until every summary is known (through_calls)."""
        self.files += 1
        if "error" in entry:
            self.skipped.append([path, 0, None, entry["error"]])
            return
        self.functions += entry["functions"]
        self.parsed += entry["parsed"]
        self.skipped += [[path, line, function, reason]
                         for line, function, reason in entry["skipped"]]
        for name, summary in entry["summaries"].items():
            if name in self.ambiguous:
                continue
            if self.summaries.setdefault(name, summary) != summary:
                del self.summaries[name]
                self.ambiguous.add(name)
        for outer, inner, line, function, call in entry["edges"]:
            self.add_edge(outer, inner, [path, line, function, call])
        self.orders += [[path, line, chain] for line, chain in entry["orders"]]
        for field, (sites, under) in entry["accesses"].items():
            total = self.accesses.setdefault(field, [0, {}])
            total[0] += sites
            for lock_class, count in under.items():
                total[1][lock_class] = total[1].get(lock_class, 0) + count
        calls.extend([path] + call for call in entry["calls"])

    def add_edge(self, outer, inner, site):
        """Keep ``site`` among the SITES examples of the edge nearest the top of the
        tree (fs/dcache.c before fs/ceph/caps.c: the core code a reader knows),
        one per function and file."""
        sites = self.edges.setdefault((outer, inner), [])
        if any(site[:3:2] == known[:3:2] for known in sites):
            return
        sites.append(site)
        sites.sort(key=lambda known: (known[0].count("/"), known[0], known[1]))
        del sites[SITES:]

    def through_calls(self, calls):
        """The edges calls make: a call holding H to a function whose summary
        takes (or acquires) C is C taken under H."""
        for path, callee, held, line, function in calls:
            summary = self.summaries.get(callee)
            if summary is None:
                continue
            taken = {lock[1] for lock in summary["takes"] + summary["acquires"] if lock[1]}
            for outer in held:
                for inner in sorted(taken - {outer}):
                    self.add_edge(outer, inner, [path, line, function, f"{callee}()"])

    def summary(self, name):
        return decode_summary(self.summaries[name])

    def decoded_summaries(self):
        return {name: self.summary(name) for name in self.summaries}

    def beliefs(self):
        """"struct.field" -> Belief, strongest first."""
        found = []
        for field, (sites, under) in self.accesses.items():
            if sites < MIN_SITES or not under:
                continue
            lock_class, count = max(under.items(), key=lambda item: (item[1], item[0]))
            if count >= MIN_SHARE * sites:
                found.append(Belief(field, lock_class, count, sites))
        found.sort(key=lambda belief: (-belief.strength, -belief.sites, belief.field))
        return {belief.field: belief for belief in found}

    def to_json(self):
        value = dict(self.__dict__)
        value["ambiguous"] = sorted(self.ambiguous)
        value["edges"] = [[outer, inner, sites] for (outer, inner), sites in self.edges.items()]
        return value

    @classmethod
    def from_json(cls, value):
        """The knowledge a to_json() value holds; KeyError, TypeError or
        ValueError for a value that is none."""
        knowledge = cls()
        for name in knowledge.__dict__:
            setattr(knowledge, name, value[name])
        knowledge.ambiguous = set(knowledge.ambiguous)
        knowledge.edges = {(outer, inner): sites for outer, inner, sites in knowledge.edges}
        return knowledge


def merged(entries):
    """The TreeKnowledge of (path, entry) pairs."""
    knowledge = TreeKnowledge()
    calls = []
    for path, entry in entries:
        knowledge.add(path, entry, calls)
    knowledge.through_calls(calls)
    return knowledge
