"""Rule sets: the built-in ones cover both mm eras; users add theirs with --rules DIR."""

import textwrap

from analyzer import rulefiles
from analyzer.locks.rules import load_rules
from analyzer.locks.vocabulary import Mode, Requirement
from conftest import run_lockscan


def test_both_eras_of_mm_are_known():
    rules = load_rules()
    for name in ("spin_lock", "spin_lock_nested", "spin_trylock", "down_write_nest_lock",
                 "mutex_lock_killable", "anon_vma_lock_write", "i_mmap_lock_write",
                 "mmap_write_lock", "vma_start_write", "page_lock_anon_vma",
                 "lock_anon_vma_root"):
        assert name in rules.primitives, name
    assert rules.group("anon_vma.lock") == rules.group("anon_vma.rwsem") == "anon_vma"
    assert rules.group("mm_struct.mmap_sem") == rules.group("mm_struct.mmap_lock") == "mmap"
    assert Requirement("mmap", Mode.EXCLUSIVE) in rules.contracts["vma_adjust"]
    chains = [chain for _, chain, _ in rules.orders]
    assert any(chain.index("i_mmap") < chain.index("anon_vma") for chain in chains)
    assert rules.applies_to("mm/rmap.c") and rules.applies_to("linux/mm/rmap.c")
    # the base rule set covers every path
    assert rules.applies_to("drivers/gpu/drm/drm_gem.c") and rules.applies_to("fs/dcache.c")


USER_RULES = """\
    [ruleset]
    name = "foo"
    paths = ["drivers/foo/"]

    [primitives]
    foo_lock = { op = "acquire", lock = "{0}->lock" }
    foo_unlock = { op = "release", lock = "{0}->lock" }

    [names]
    dev = "foo_device"
    """

USER_CODE = """\
    static int foo_poke(struct foo_device *dev, int value)
    {
    	foo_lock(dev);
    	if (value < 0)
    		return -EINVAL;
    	dev->value = value;
    	foo_unlock(dev);
    	return 0;
    }
    """


def test_a_user_rule_set_adds_primitives_and_its_scope(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "foo.toml").write_text(textwrap.dedent(USER_RULES))
    source = tmp_path / "drivers" / "foo" / "foo.c"
    source.parent.mkdir(parents=True)
    source.write_text(textwrap.dedent(USER_CODE))
    status, out, err = run_lockscan("scan", source)
    assert status == 0 and "LOCK005" not in out      # no rule set covers drivers/foo
    status, out, err = run_lockscan("scan", source, "--rules", tmp_path / "rules")
    assert status == 1, out + err
    assert f"{source}:5:3: warning:" in out and "[LOCK005]" in out


def test_the_parsed_rule_cache_follows_the_file_content(tmp_path, monkeypatch):
    monkeypatch.setattr(rulefiles, "CACHE", str(tmp_path / "cache"))
    path = tmp_path / "a.toml"
    path.write_text('x = "first"\n')
    assert rulefiles.read_rule_file(path) == {"x": "first"}
    assert len(list((tmp_path / "cache").iterdir())) == 1
    # same size, same second: only the bytes tell the two versions apart
    path.write_text('x = "other"\n')
    assert rulefiles.read_rule_file(path) == {"x": "other"}
    # a damaged cache entry is ignored and replaced
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"\x00garbage")
    assert rulefiles.read_rule_file(path) == {"x": "other"}
    # a date, which marshal cannot keep: read every time, nothing left behind
    path.write_text("x = 2026-11-25\n")
    assert str(rulefiles.read_rule_file(path)["x"]) == "2026-11-25"
    assert len(list((tmp_path / "cache").iterdir())) == 1
    path.write_text("x = \n")
    try:
        rulefiles.read_rule_file(path)
    except ValueError:
        pass
    else:
        raise AssertionError("a broken file must not be read from the cache")
