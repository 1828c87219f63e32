"""The states of one function at each CFG node, printed as the fixpoint finds
them (``--trace-states FUNCTION``): to follow a wrong finding to the step that
made it."""

import sys


class StateTrace:
    def __init__(self, item, side, out=sys.stderr):
        self.out = out
        print(f"states of {item.name}() in {item.path} ({side} image), on entry to each "
              "CFG node:", file=out)

    def __call__(self, node, state):
        lines = sorted({item.coord.line for _, item in node.events
                        if getattr(item, "coord", None) is not None})
        where = f"line {', '.join(map(str, lines))}" if lines else "no code"
        print(f"  node {node.index} ({where}):", file=self.out)
        if not state.held:
            print("    no lock held", file=self.out)
        for lock in sorted(state.held, key=lambda lock: (lock.line, lock.column)):
            print(f"    held {lock.shown} [{lock.lock_class or 'no class'}, {lock.mode}, "
                  f"{lock.kind}, {lock.origin.value}{', uncertain' if lock.uncertain else ''}] "
                  f"taken at line {lock.line} by {lock.call}", file=self.out)
        for variable, lock, when_zero, _ in sorted(state.pending, key=repr):
            print(f"    pending {variable}: {lock.shown} held where it is "
                  f"{'zero' if when_zero else 'non-zero'}", file=self.out)
        for condition, truth in sorted(state.facts):
            print(f"    known ({condition}) is {'true' if truth else 'false'}", file=self.out)
        for instance in sorted(state.released):
            print(f"    released {instance}", file=self.out)
        for name in sorted(state.fresh):
            print(f"    unpublished {name}", file=self.out)
