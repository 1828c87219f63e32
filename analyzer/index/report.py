"""What `lockscan index` prints: the counts, and every file or function not read."""


def index_text(result):
    lines = [f"{result['tree']}: {result['files']} files ({result['indexed']} indexed now, "
             f"the others unchanged) in {result['seconds']} s",
             f"  functions: {result['functions']}, parsed: {result['functions_parsed']}, "
             f"summaries: {result['summaries']}",
             f"  lock-order edges: {result['edges']}, stated orders: {result['stated_orders']}, "
             f"guard beliefs: {result['beliefs']}",
             f"  skipped: {len(result['skipped'])}"]
    lines += [f"    {path}:{line}: {function + ': ' if function else ''}{reason}"
              for path, line, function, reason in result["skipped"]]
    return "\n".join(lines) + "\n"
