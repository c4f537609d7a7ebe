"""The command line: ``python -m analysis COMMAND ...``.

Commands:
  score INPUT... -o OUT.parquet|.csv     the article feature table
  report [--data PATH] [--out DIR]       run every notebook, write HTML pages
  evaluate hedging|attribution|stories|relays   accuracy on the gold sets
  train hedging                          rebuild the shipped hedging model
  train attribution                      rebuild the shipped attribution CRF models
  ship features SCORED                   write the compact feature table shipped in data/features/
  ship ratings                           write the ratings of the registry's domains, data/outlet_ratings.csv
Each command's own ``--help`` lists its options.
"""
from __future__ import annotations

import importlib
import sys

# command words -> "module:function"; each function takes the remaining arguments, returns an exit code
COMMANDS: dict[tuple[str, ...], str] = {
    ("score",): "analysis.table.command:main",
    ("report",): "analysis.views.report:main",
    ("evaluate", "hedging"): "analysis.evaluation.hedging:main",
    ("evaluate", "attribution"): "analysis.evaluation.attribution:main",
    ("evaluate", "stories"): "analysis.evaluation.stories:main",
    ("evaluate", "relays"): "analysis.evaluation.relays:main",
    ("train", "hedging"): "analysis.scorers.hedging.training:main",
    ("train", "attribution"): "analysis.scorers.attribution.training:main",
    ("ship", "features"): "analysis.table.shipped:main",
    ("ship", "ratings"): "analysis.table.shipped:main_ratings",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    for words, target in sorted(COMMANDS.items(), key=lambda item: -len(item[0])):
        if tuple(args[: len(words)]) == words:
            module_name, function_name = target.split(":")
            function = getattr(importlib.import_module(module_name), function_name)
            return int(function(args[len(words):]) or 0)
    print(__doc__.strip(), file=sys.stderr)
    return 0 if args[:1] in (["-h"], ["--help"]) else 2


if __name__ == "__main__":
    sys.exit(main())
