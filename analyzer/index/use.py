"""What the checks take from the tree's index, and the beliefs as a rule file.

with_tree_knowledge gives the rules of a tree-mode check: the summaries of the
functions defined in other files (applied at their calls), the guard beliefs
(LOCK001, LOCK002: learned), the tree's lock-order graph by group (LOCK004:
a patch's new edge that closes a cycle with it) and the orders the tree's
comments state (LOCK004: a documented order).
"""

import re

from analyzer.rulefiles import key_of

# a name a comment gives a global lock (tasklist_lock, inode_hash_lock): its class
GLOBAL_LOCK = re.compile(r"^\w*(lock|sem|mutex)\w*$")


def with_tree_knowledge(rules, knowledge):
    """A copy of ``rules`` that knows what the tree's index found."""
    rules = rules.with_own_types()
    rules.tree_summaries = knowledge.decoded_summaries()
    rules.learned = {field: belief for field, belief in knowledge.beliefs().items()
                     if field not in rules.guarded}
    rules.words = None      # the learned fields are words the analysis acts on now
    rules.tree_edges = {}
    for (outer, inner), sites in knowledge.edges.items():
        edge = (rules.group(outer), rules.group(inner))
        if edge[0] != edge[1]:
            rules.tree_edges.setdefault(edge, []).extend(sites)
    rules.orders = rules.orders + stated_orders(knowledge, rules)
    return rules


def stated_orders(knowledge, rules):
    """The comments' orders as the rules' orders are: (name, chain of groups, era)."""
    found = []
    for path, line, names in knowledge.orders:
        chain = []
        for name in names:
            group = group_of_name(name, rules)
            if group is not None and group not in chain:
                chain.append(group)
        if len(chain) > 1:
            found.append((f"the order stated in {path}:{line}", chain, frozenset()))
    return found


def group_of_name(name, rules):
    """The group of the lock a comment names (``dentry->d_inode->i_lock``,
    ``->i_mmap_rwsem``, ``tasklist_lock``), or None when the rules cannot tell."""
    parts = re.split(r"->|\.", name)
    struct = rules.names.get(parts[0]) if len(parts) > 1 else None
    for member in parts[1:-1]:
        struct = struct and rules.field_type(struct, member)
    if struct:
        return rules.group(f"{struct}.{parts[-1]}")
    field = parts[-1]
    if field in set(rules.groups.values()):
        return field
    owners = {group for lock_class, group in rules.groups.items()
              if lock_class.rsplit(".", 1)[-1] == field}
    if len(owners) == 1:
        return owners.pop()
    if len(parts) == 1 and GLOBAL_LOCK.match(field):
        return rules.group(field)
    return None


def guards_rule_file(knowledge, rules, scope):
    """The guard beliefs as a lock rule set in rules/ format: a reviewer reads
    it, and may copy what holds into a rule set of their own."""
    beliefs = knowledge.beliefs()
    lines = ["# Guarded fields learned by `lockscan index` from the accesses in the tree:",
             "# a field accessed with one lock held at 90% or more of 10 or more sites.",
             "# Beliefs, not documentation: review each before relying on it.",
             "", "[ruleset]", 'name = "learned"',
             f'description = "Guard beliefs learned from {len(knowledge.summaries)} '
             f'summarised functions of {knowledge.files} files"',
             "paths = [" + ", ".join(toml_string(part.rstrip("/") + "/" if part != "." else "")
                                     for part in scope) + "]", ""]
    for field, belief in beliefs.items():
        group = rules.group(belief.lock_class)
        lines += [f"# held at {belief.under} of {belief.sites} sites",
                  f"[guarded.{key_of(field)}]",
                  f"read = [{toml_string(group)}]", f"write = [{toml_string(group)}]", ""]
    return "\n".join(lines)


def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
