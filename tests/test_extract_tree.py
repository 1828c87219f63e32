"""Tree mode: whole functions from a tree, the patch applied in memory, never outside the tree."""

import difflib
import os

from analyzer.extract import touched_in_patch
from analyzer.intake import read_text

ORIGINAL = """\
#include <linux/spinlock.h>

static int counter_read(struct counter *c)
{
	int value;

	spin_lock(&c->lock);
	value = c->value;
	spin_unlock(&c->lock);
	return value;
}

static void counter_bump(struct counter *c)
{
	c->value++;
}
"""


def make_patch(before, after, path="lib/counter.c"):
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                 "a/" + path, "b/" + path)
    return "".join(lines)


def touched(patch_text, tree, problems):
    patch = read_text("test.patch", patch_text).patches[0]
    return touched_in_patch(patch, str(tree), problems)


def write_tree(tmp_path, text):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "counter.c").write_text(text)
    return tmp_path


def test_whole_function_at_an_offset(tmp_path):
    after = ORIGINAL.replace("\tc->value++;\n", "\tspin_lock(&c->lock);\n\tc->value++;\n"
                             "\tspin_unlock(&c->lock);\n")
    # the tree has three more lines at the top than the file the patch was made on
    tree = write_tree(tmp_path, "/* a */\n/* b */\n/* c */\n" + ORIGINAL)
    problems = []
    found = touched(make_patch(ORIGINAL, after), tree, problems)
    assert problems == []
    assert [(t.name, t.old.line, t.old.end_line, t.new.line, t.new.end_line, t.parsed)
            for t in found] == [("counter_bump", 16, 19, 16, 21, True)]


def test_hunk_that_does_not_apply_falls_back_to_the_mail(tmp_path):
    after = ORIGINAL.replace("\tc->value++;\n", "\tc->value += 2;\n")
    tree = write_tree(tmp_path, ORIGINAL.replace("c->value++", "c->value--"))
    problems = []
    found = touched(make_patch(ORIGINAL, after), tree, problems)
    assert [t.name for t in found] == ["counter_bump"]      # from the @@ context
    assert len(problems) == 1 and "does not apply" in problems[0][2]
    assert "read from the mail instead" in problems[0][2]


def test_paths_leaving_the_tree_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "counter.c").write_text(ORIGINAL)
    tree = tmp_path / "tree"
    (tree / "lib").mkdir(parents=True)
    os.symlink(outside / "counter.c", tree / "lib" / "counter.c")
    after = ORIGINAL.replace("c->value++", "c->value += 2")
    for path, reason in (("lib/counter.c", "symlink"), ("../outside/counter.c", "leaves the tree")):
        problems = []
        touched(make_patch(ORIGINAL, after, path), tree, problems)
        assert len(problems) == 1 and reason in problems[0][2], problems


def test_a_tree_that_already_holds_the_patch(tmp_path):
    """A commit or a staged change: the tree is the post-image; the patch is undone in memory."""
    after = ORIGINAL.replace("\tc->value++;\n", "\tspin_lock(&c->lock);\n\tc->value++;\n"
                             "\tspin_unlock(&c->lock);\n")
    tree = write_tree(tmp_path, after)
    problems = []
    found = touched(make_patch(ORIGINAL, after), tree, problems)
    assert problems == []
    assert [(t.name, t.old.line, t.old.end_line, t.new.line, t.new.end_line, t.parsed)
            for t in found] == [("counter_bump", 13, 16, 13, 18, True)]


CONFIGURED = """\
#ifdef CONFIG_HIGHMEM
static void map_flush(struct map *m)
{
	map_sync(m);
}
#else
static void map_flush(struct map *m)
{
	map_sync(m);
}
#endif

static void map_reset(struct map *m)
{
#if 0
	map_sync(m);
#endif
	m->pending = 0;
}
"""


def test_each_changed_function_in_the_branch_that_holds_it(tmp_path):
    """A function the configuration leaves out (CONFIG_HIGHMEM is off) is read in its
    branch; the one the configuration reads is read as it is; a change inside
    #if 0 is said, not analyzed."""
    after = CONFIGURED.replace("\tmap_sync(m);\n", "\tmap_sync(m);\n\tm->pending = 0;\n")
    tree = write_tree(tmp_path, CONFIGURED)
    problems = []
    found = touched(make_patch(CONFIGURED, after), tree, problems)
    assert [(t.name, t.new.line, t.new.chosen, t.parsed) for t in found] == [
        ("map_flush", 2, "#ifdef CONFIG_HIGHMEM at line 1 taken", True),
        ("map_flush", 8, "", True),
        ("map_reset", 15, "", True)]
    assert [(line, reason.split(": ", 1)[1]) for _, line, reason in problems] == [
        (19, "lines 19-19 are inside #if 0 (line 17), code that is never compiled: "
             "not analyzed")]


def test_branches_past_the_last_reading_are_said(tmp_path):
    """A group of more branches than readings: those left are a note each, not dropped."""
    source = ("static int pick(void)\n{\n#if defined(CONFIG_ARCH_A)\n\treturn 0;\n"
              + "".join(f"#elif defined(CONFIG_ARCH_B{i})\n\treturn {i + 1};\n" for i in range(10))
              + "#endif\n}\n")
    after = source.replace("{\n", "{\n\tpick_count++;\n", 1)
    problems = []
    found = touched(make_patch(source, after), write_tree(tmp_path, source), problems)
    assert len(found) == 1 + 8      # the configuration's reading, and 8 more
    assert [reason.split(": ", 1)[1] for _, _, reason in problems] == [
        f"#elif defined(CONFIG_ARCH_B{i}) not read: more #if branches than 8 readings take"
        for i in (7, 8, 9)]


def test_a_changed_header_is_read_again(tmp_path):
    """What headers define is kept between runs, and read again when the header changes."""
    from analyzer.extract.headers import in_view
    (tmp_path / "include" / "linux").mkdir(parents=True)
    header = tmp_path / "include" / "linux" / "counter.h"
    header.write_text("struct counter {\n\tspinlock_t lock;\n};\n")
    lines = ["#include <linux/counter.h>", ""]
    assert [name for name, _, _ in in_view(str(tmp_path), "lib/counter.c", lines)[0]] \
        == ["counter"]
    header.write_text("typedef struct counter {\n\tspinlock_t lock;\n\tstruct counter *parent;\n"
                      "} counter_t;\n")
    assert in_view(str(tmp_path), "lib/counter.c", lines)[0] == [
        ("counter", [("spinlock_t", "lock", 2), ("struct counter *", "parent", 3)],
         ["counter_t"])]
