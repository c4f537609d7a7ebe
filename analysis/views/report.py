"""``python -m analysis report``: run every notebook and write self-contained HTML pages.

The notebooks are jupytext ``.py`` files in ``notebooks/``. Each is converted to ``.ipynb`` in a
temporary folder (never beside its source), executed there with papermill (parameters
``data`` and ``widgets=False``), and exported with nbconvert through the ``offline`` template
(``analysis/templates``): JupyterLab's page less its CDN scripts. Plotly and DataTables sit inline
in each page's first output, so a page opened from disk requests nothing from the network.
Inputs are hidden unless ``--with-code``. ``index.html`` links the pages.
"""
from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import papermill
from nbconvert import HTMLExporter

from analysis.paths import PACKAGE_DIR, REPO_ROOT, REPORTS_DIR

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
KERNEL = "python3"


@dataclass(frozen=True)
class Page:
    """One exported page: its notebook, HTML file, title, question, seconds to run, and the
    error that stopped it (``None`` when it ran through)."""

    notebook: Path
    html: Path
    title: str
    question: str
    seconds: float
    error: str | None = None


def notebook_sources(directory: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks, in order: ``NN_name.py`` files."""
    return sorted(directory.glob("[0-9][0-9]_*.py"))


def _heading(notebook: nbformat.NotebookNode) -> tuple[str, str]:
    """The title (first ``#`` heading) and the question (the ``**Question:**`` line and the
    lines that follow it up to a blank line) of a notebook."""
    title, question = "", ""
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for n, line in enumerate(lines):
            if not title and line.startswith("# "):
                title = line[2:].strip()
            if not question and line.startswith("**Question:**"):
                paragraph = [line]
                for following in lines[n + 1:]:
                    if not following.strip() or following.startswith("#"):
                        break
                    paragraph.append(following.strip())
                question = " ".join(paragraph).removeprefix("**Question:**").strip()
    return title, question


def execute(source: Path, workdir: Path, parameters: dict) -> tuple[nbformat.NotebookNode, str | None]:
    """Run the jupytext notebook ``source`` in ``workdir`` with papermill. Returns the executed
    notebook and, if a cell failed, the error (the notebook then holds the outputs up to it)."""
    converted = workdir / f"{source.stem}.ipynb"
    executed = workdir / f"{source.stem}.out.ipynb"
    nbformat.write(jupytext.read(source), converted)
    error = None
    try:
        papermill.execute_notebook(str(converted), str(executed), parameters=parameters, kernel_name=KERNEL,
                                   cwd=str(workdir), progress_bar=False, log_output=False)
    except papermill.PapermillExecutionError as failure:
        error = f"{failure.ename}: {failure.evalue}"
    return nbformat.read(executed, as_version=4), error


def export_html(notebook: nbformat.NotebookNode, *, title: str, with_code: bool = False) -> str:
    """The executed notebook as one self-contained HTML page (inputs hidden unless ``with_code``)."""
    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(TEMPLATE_DIR)],
                            exclude_input=not with_code, exclude_input_prompt=not with_code,
                            exclude_output_prompt=True)
    notebook.metadata["title"] = title
    body, _ = exporter.from_notebook_node(notebook)
    return body


def index_html(pages: list[Page], *, with_code: bool) -> str:
    """The index page linking every page, with its question and how long it took."""
    items = []
    for page in pages:
        status = (f'<span style="color:#b91c1c">failed: {html.escape(page.error)}</span>' if page.error
                  else f"{page.seconds:.0f} s")
        items.append(f'<li><a href="{html.escape(page.html.name)}">{html.escape(page.title)}</a>'
                     f"<br><span>{html.escape(page.question[:1].upper() + page.question[1:])}</span> "
                     f"<small>({status})</small></li>")
    code = "with their code" if with_code else "code hidden (run with --with-code to show it)"
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>News analysis reports</title>"
            "<style>body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em}"
            "ul{list-style:none;padding:0}li{margin:0 0 1em 0}span{color:#374151}small{color:#6b7280}</style></head><body>"
            "<h1>How news articles hedge, attribute and source their claims</h1>"
            f"<p>The notebooks of the project, executed {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"{code}. Every page works offline.</p><ul>{''.join(items)}</ul></body></html>")


def build(out_dir: Path = REPORTS_DIR, *, data: str | None = None, with_code: bool = False,
          parameters: dict[str, dict] | None = None, notebooks: list[Path] | None = None) -> list[Page]:
    """Execute and export every notebook (or ``notebooks``) into ``out_dir`` with ``index.html``.

    Each notebook gets ``data`` and ``widgets=False``; ``parameters`` maps a notebook stem
    (``"03_outlet_profiles"``) to further parameters for it.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    with tempfile.TemporaryDirectory(prefix="newsbias-report-") as tmp:
        for source in notebooks or notebook_sources():
            started = time.perf_counter()
            settings = {"data": data, "widgets": False, **(parameters or {}).get(source.stem, {})}
            executed, error = execute(source, Path(tmp), settings)
            title, question = _heading(executed)
            target = out_dir / f"{source.stem}.html"
            target.write_text(export_html(executed, title=title or source.stem, with_code=with_code), encoding="utf-8")
            pages.append(Page(source, target, title or source.stem, question, time.perf_counter() - started, error))
    (out_dir / "index.html").write_text(index_html(pages, with_code=with_code), encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis report", description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="articles or a feature table for the pages instead of their defaults")
    parser.add_argument("--out", default=str(REPORTS_DIR), help="folder for the HTML pages (default reports/)")
    parser.add_argument("--with-code", action="store_true", help="show the notebooks' code in the pages")
    args = parser.parse_args(argv)
    if args.data is not None and not Path(args.data).exists():
        print(f"--data {args.data}: no such file or folder", file=sys.stderr)
        return 2
    try:
        Path(args.out).mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a parent is a regular file, no permission, ...
        reason = error.strerror or type(error).__name__
        print(f"--out {args.out}: cannot create the folder ({reason}: {error.filename or args.out})",
              file=sys.stderr)
        return 2
    pages = build(Path(args.out), data=args.data, with_code=args.with_code)
    for page in pages:
        state = f"FAILED ({page.error})" if page.error else "ok"
        print(f"{page.html}  {page.seconds:6.1f} s  {state}")
    print(f"{Path(args.out) / 'index.html'}")
    return 1 if any(page.error for page in pages) else 0
