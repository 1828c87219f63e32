"""What LOCK001 and LOCK002 share: which held locks guard a field."""

from analyzer.locks.facts import Mark
from analyzer.locks.vocabulary import Mode


def lock_names(held, rules):
    """The groups, classes and instances of held locks, with their modes."""
    names = {}
    for lock in held:
        # a lock whose pointer has moved since is not the instance a rule names
        instance = lock.instance if lock.mark is Mark.NONE else None
        for name in filter(None, (lock.lock_class, rules.group(lock.lock_class)
                                  if lock.lock_class else None, instance)):
            names[name] = Mode.EXCLUSIVE if Mode.EXCLUSIVE in (lock.mode, names.get(name)) \
                else Mode.SHARED
    return names


def satisfied(requirement, names):
    return requirement.group in names and (requirement.mode is not Mode.EXCLUSIVE
                                           or names[requirement.group] is Mode.EXCLUSIVE)


def guards_held(held, requirements, rules, introduced):
    """Whether any one requirement (or a guard the patch introduces) is held."""
    names = lock_names(held, rules)
    return any(satisfied(r, names) for r in requirements) or bool(
        introduced and introduced & set(names))


def introduced_guards(image, rules):
    """Per guarded field, the lock classes held at every access of it in view.

    A patch that brackets every read and write of a field with one new lock
    (vma->adjust_lock) makes that lock a guard of the field in that code.
    """
    common = {}
    written = set()
    for facts in image.functions:
        for access in facts.accesses:
            if access.fresh or access.field not in rules.guarded:
                continue    # a field only the tree's index believes guarded: learned.py
            classes = {lock.lock_class for lock in access.held if lock.lock_class}
            common[access.field] = common.get(access.field, classes) & classes
            if access.write:
                written.add(access.field)
    introduced = {}
    for name, classes in common.items():
        guard = rules.guarded[name]
        documented = {r.group for r in guard.read + guard.write + guard.write_rmap}
        # a lock guards a field only if the writers in view hold it too; the
        # documented guards keep their own rules (modes included)
        classes = {c for c in classes if rules.group(c) not in documented}
        if classes and name in written:
            introduced[name] = classes
    return introduced


def shows_lock_missing(access, requirements, rules):
    """Whether the path to ``access`` released a lock of one of the required groups:
    the code in view shows the lock missing there."""
    groups = {r.group for r in requirements}
    return bool(groups & {rules.group(lock_class) for lock_class in access.released})
