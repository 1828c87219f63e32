"""The facts the transfer functions find, recorded once each.

A node is visited once for every distinct state that reaches it; states that
differ in what a fact does not show would make the same fact again and again.
The recorder keeps what each fact was made of and builds it once.
"""

from analyzer.locks.facts import Access, Acquire, Call, Exit, Init, Release
from analyzer.locks.state import sames


class Recorder:
    """Records into ``facts`` (a FunctionFacts); ``class_of`` gives a lock's class."""

    def __init__(self, facts, class_of):
        self.facts = facts
        self.class_of = class_of
        self.recorded = set()   # what the access, call and exit facts recorded were made of
        self.orders = {}        # held set -> its locks in the order facts give them
        self.classes = {}       # released set -> the classes of its locks

    def held_in_order(self, held):
        """The locks of a state's held set in the order they were taken, as facts hold them."""
        found = self.orders.get(held)
        if found is None:
            found = self.orders[held] = tuple(sorted(held, key=lambda h: (h.line, h.column,
                                                                            h.instance)))
        return found

    def released_classes(self, released):
        found = self.classes.get(released)
        if found is None:
            found = self.classes[released] = tuple(sorted(filter(None, (
                self.class_of(instance) for instance in released))))
        return found

    def acquire(self, lock, held, when):
        """``lock`` taken holding ``held`` on a path that knows the truths ``when``
        of the function's parameters."""
        if lock.apart:
            # taken by a callee with these of the caller's locks dropped
            held = frozenset(h for h in held if h.instance not in lock.apart)
        self.facts.acquires.add(Acquire(lock, self.held_in_order(held)))
        known = self.facts.taken_when.get(lock.instance)
        self.facts.taken_when[lock.instance] = when if known is None else known & when

    def release(self, lock, was_held, double, after_failed_trylock=False, aliases=(),
                mismatched=None):
        self.facts.releases.add(Release(lock.instance, lock.lock_class, lock.line, lock.column,
                                        lock.call, was_held, double or after_failed_trylock,
                                        after_failed_trylock, aliases, mismatched))

    def init(self, lock, held):
        self.facts.inits.add(Init(lock.instance, lock.line, lock.column, lock.call, held))

    def access(self, access, state, fresh):
        key = (access, state.held, fresh, state.released)
        if key not in self.recorded:
            self.recorded.add(key)
            field, write, base, line, column, text, _ = access
            self.facts.accesses.add(Access(field, write, base, line, column, text,
                                           self.held_in_order(state.held), fresh,
                                           self.released_classes(state.unlocked())))

    def call(self, site, state, fresh):
        key = (site, state.held, state.released, fresh)
        if key not in self.recorded:
            self.recorded.add(key)
            coord = site.node.coord
            unlocked = state.unlocked()
            self.facts.calls.add(Call(site.callee, site.texts, coord.line, coord.column,
                                      self.held_in_order(state.held),
                                      self.released_classes(unlocked), fresh,
                                      tuple(sorted(unlocked))))

    def exit(self, line, column, text, real, state, value, error):
        same = sames(state.facts) if state.held else ()
        # the truths the path gave out-parameters (*locked = false)
        set_through = frozenset(fact for fact in state.facts
                                if fact[0].startswith("*") and fact[0][1:].isidentifier())
        key = (line, column, state.held, text, real, state.released, state.handed, value,
               error, same, set_through)
        if key not in self.recorded:
            self.recorded.add(key)
            self.facts.exits.add(Exit(line, column, self.held_in_order(state.held), text, real,
                                      state.released, value, error, same, state.handed,
                                      set_through))

    def returns_trylock(self, text, lock):
        """``return spin_trylock(&p->lock);``: the function may be a trylock wrapper."""
        self.facts.returns_try[text] = lock



def given_up(facts, reason):
    """The facts found before the analysis gave up, marked not analyzed."""
    facts.analyzed = False
    facts.reason = reason
    return facts.in_order()
