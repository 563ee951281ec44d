"""Write the reader edition of every chapter: notebooks that read well in Colab and JupyterLab.

Usage: python tools/reader_notebooks.py [OUTPUT_FOLDER]   (default: _build/notebooks)

The source notebooks in book/ are written in MyST for Jupyter Book; Colab and JupyterLab show that markup as
raw text. Each reader notebook is the same notebook with:
- every glued value written in as text (formatted as the book formats it) and glue's hidden outputs dropped;
- every citation as "(Author, Year)" linking to the work, and the chapter's reference list written out;
- admonitions as a bold title over a block quote; cross-references (`{doc}`, `{ref}`) and glossary terms as
  links to the published site; `{numref}` as "Figure N.K", the number the figure's caption shows; labelled
  equations numbered in the chapter's order with `\tag{N}` and `{eq}` references
  written as "(N)" (math stays `$...$` and `$$...$$`);
- each exercise as "### Exercise N.M: title", each solution's prose in `<details>`, and each solution code
  cell collapsed (Colab's form view and JupyterLab's hidden source) with its outputs cleared;
- the setup cell, the answer-checking cell and each exercise's check cell collapsed under a short title.
Exercises and figures are numbered per chapter, as the HTML book numbers them.
"""
import copy
import html
import pathlib
import re
import sys

import nbformat
from book_paths import (
    ROOT,
    book_pages,
    load_config,
    toc_chapters,
    toc_documents,
    toc_notebooks,
)
from myst_nb.core.variables import format_plain_text
from pybtex.database import parse_file
from sphinx.util.nodes import _make_id

GLUE_MIME_PREFIX = "application/papermill.record/"
FENCE_OPEN = re.compile(r"^(:{3,}|`{3,})\{([\w:-]+)\}[ \t]*(.*)$")
OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
LABELLED_EQUATION = re.compile(r"(\$\$)[ \t]*\(([\w:-]+)\)")
TARGET = re.compile(r"^\(([\w:-]+)\)=[ \t]*$", re.M)  # a MyST target, `(label)=`, before a heading
HEADING = re.compile(r"^#{1,6} +(.+)$", re.M)
TITLE_OF_CHECK = re.compile(r"^# (Check your (?:answer to Exercise [\d.]+|quiz answers))")


class ConversionError(ValueError):
    """The source uses MyST that the reader edition does not know how to write."""


# --- The book as a whole: table of contents, numbering, addresses, bibliography, glossary ---------------


def site_address(root=ROOT):
    """The published site: `html: baseurl:` if set, else GitHub Pages of the repository in _config.yml."""
    config = load_config(root)
    base = (config.get("html") or {}).get("baseurl")
    if not base:
        owner, repo = config["repository"]["url"].rstrip("/").split("/")[-2:]
        base = f"https://{owner}.github.io/{repo}/"
    return base if base.endswith("/") else base + "/"


def page_title(root, docname):
    """The first `# ` heading of a page (notebook or Markdown)."""
    for suffix in (".ipynb", ".md"):
        path = root / f"{docname}{suffix}"
        if path.exists():
            text = path.read_text() if suffix == ".md" else "\n".join(
                c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
            found = re.search(r"^# (.+)$", text, re.M)
            return found.group(1).strip() if found else docname
    raise ConversionError(f"no page {docname}")


def section_targets(root=ROOT):
    """MyST target label -> (document, the heading that follows it), over every page of the book."""
    targets = {}
    for path in book_pages(root):
        text = path.read_text() if path.suffix == ".md" else "\n\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        for target in TARGET.finditer(text):
            heading = HEADING.search(text, target.end())
            targets[target.group(1)] = (path.relative_to(root).with_suffix("").as_posix(),
                                        heading.group(1).strip() if heading else target.group(1))
    return targets


def glossary_ids(root=ROOT):
    """Lower-cased glossary term -> the HTML id Sphinx gives it."""
    text = (root / "book" / "appendix" / "glossary.md").read_text()
    block = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    terms = [line.strip() for line in block.splitlines()
             if line.strip() and not line.startswith((" ", "\t", ":"))]
    return {term.lower(): _make_id(f"term-{term}") for term in terms}


class Bibliography:
    """The book's BibTeX entries, written as the reader edition cites and lists them."""

    def __init__(self, path):
        self.entries = parse_file(str(path)).entries

    def entry(self, key):
        if key not in self.entries:
            raise ConversionError(f"citation of {key!r}, which is not in the bibliography")
        return self.entries[key]

    def authors(self, key):
        """'Last', 'Last and Last' or 'Last et al.', as the book's author-year citations read."""
        entry = self.entry(key)
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(person.last_names) for person in people]
        if not names:
            return strip_braces(entry.fields.get("organization") or entry.fields.get("institution") or key)
        if len(names) == 1:
            return strip_braces(names[0])
        if len(names) == 2:
            return strip_braces(f"{names[0]} and {names[1]}")
        return strip_braces(f"{names[0]} et al.")

    def year(self, key):
        return self.entry(key).fields.get("year", "n.d.")

    def link(self, key):
        """The work's address: its DOI, else its URL, else its arXiv page; None if it has none."""
        fields = self.entry(key).fields
        if fields.get("doi"):
            return f"https://doi.org/{fields['doi']}"
        if fields.get("url"):
            return fields["url"]
        if fields.get("eprint") and fields.get("archiveprefix", "arXiv").lower() == "arxiv":
            return f"https://arxiv.org/abs/{fields['eprint']}"
        return None

    def cite(self, keys, textual):
        """A citation of one or more works: '(A, 1999; B, 2000)' or 'A (1999)', each linked."""
        parts = []
        for key in keys:
            who, year, link = self.authors(key), self.year(key), self.link(key)
            text = f"{who} ({year})" if textual else f"{who}, {year}"
            parts.append(f"[{text}]({link})" if link else text)
        return "; ".join(parts) if textual else "(" + "; ".join(parts) + ")"

    def reference(self, key):
        """One line of a reference list: authors (year). Title. Venue. Link."""
        entry = self.entry(key)
        fields = entry.fields
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = ", ".join(strip_braces(" ".join(p.first_names + p.middle_names + p.last_names)) for p in people)
        names = names or self.authors(key)
        venue = next((fields[f] for f in ("journal", "booktitle", "howpublished", "publisher", "institution")
                      if fields.get(f)), "")
        if not venue and fields.get("eprint"):
            venue = f"arXiv:{fields['eprint']}"
        line = f"{names} ({self.year(key)}). *{strip_braces(fields.get('title', key))}*."
        if venue:
            line += f" {strip_braces(venue)}."
        link = self.link(key)
        return line + (f" <{link}>" if link else "")


def strip_braces(text):
    """BibTeX text without its protective braces and with its common escapes resolved."""
    text = re.sub(r"\\url\{([^}]*)\}", r"\1", text)
    text = text.replace("\\&", "&").replace("--", "–").replace("~", " ")
    return re.sub(r"[{}]", "", text)


class Book:
    """What converting any chapter needs to know about the whole book."""

    def __init__(self, root=ROOT):
        self.root = root
        self.chapters = toc_chapters(root)
        self.site = site_address(root)
        self.bibliography = Bibliography(root / "book" / "references.bib")
        self.terms = glossary_ids(root)
        self.exercise_numbers, self.figure_numbers, self.figure_names = {}, {}, {}
        for number, docs in self.chapters:
            exercises = figures = 0  # both numbered through the chapter, across its section notebooks
            for doc in docs:
                path = root / f"{doc}.ipynb"
                if not path.exists():
                    continue
                in_doc = 0
                for cell in nbformat.read(path, as_version=4).cells:
                    if cell.cell_type == "markdown":
                        for label in re.findall(r"^:{3,}\{exercise\}.*\n(?::[\w-]+:.*\n)*?:label: (\S+)",
                                                cell.source, re.M):
                            exercises += 1
                            self.exercise_numbers[label] = f"{number}.{exercises}"
                    elif cell.metadata.get("mystnb", {}).get("figure"):
                        figures += 1
                        in_doc += 1
                        self.figure_numbers[(doc, in_doc)] = f"{number}.{figures}"  # key: k-th figure of doc
                        name = cell.metadata["mystnb"]["figure"].get("name")
                        if name:
                            self.figure_names[name] = f"{number}.{figures}"
        # Figures of pages outside the numbered chapters (the capstone starters) share one counter, in reading
        # order, as Sphinx numbers them.
        chaptered, unnumbered = {doc for _, docs in self.chapters for doc in docs}, 0
        for doc in toc_documents(root):
            path = root / f"{doc}.ipynb"
            if doc in chaptered or not path.exists():
                continue
            figures = [cell for cell in nbformat.read(path, as_version=4).cells
                       if cell.cell_type == "code" and cell.metadata.get("mystnb", {}).get("figure")]
            for in_doc, cell in enumerate(figures, 1):
                unnumbered += 1
                self.figure_numbers[(doc, in_doc)] = str(unnumbered)
                if cell.metadata["mystnb"]["figure"].get("name"):
                    self.figure_names[cell.metadata["mystnb"]["figure"]["name"]] = str(unnumbered)
        self.targets = section_targets(root)

    def page(self, docname):
        return f"{self.site}{docname}.html"


# --- Markdown: directives (block level) and roles (inline) ------------------------------------------------


def parse_blocks(text):
    """Split MyST Markdown into plain text and fenced directives: [str | (name, argument, options, body)]."""
    lines, blocks, plain, i = text.split("\n"), [], [], 0
    while i < len(lines):
        opened = FENCE_OPEN.match(lines[i])
        if not opened:
            plain.append(lines[i])
            i += 1
            continue
        fence, name, argument = opened.groups()
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence), None)
        if end is None:
            raise ConversionError(f"the {{{name}}} directive opened with {fence} is never closed")
        body = lines[i + 1:end]
        options = {}
        while body and OPTION.match(body[0]):
            key, value = OPTION.match(body[0]).groups()
            options[key] = value
            body = body[1:]
        if plain:
            blocks.append("\n".join(plain))
            plain = []
        blocks.append((name, argument.strip(), options, "\n".join(body).strip("\n")))
        i = end + 1
    if plain:
        blocks.append("\n".join(plain))
    return blocks


def unparse(block):
    """A parsed directive written back as MyST (a colon fence long enough for what it holds)."""
    name, argument, options, body = block
    fence = ":" * max([3] + [len(m) + 1 for m in re.findall(r"^(:{3,})", body, re.M)])
    lines = [f"{fence}{{{name}}} {argument}".rstrip()] + [f":{key}: {value}" for key, value in options.items()]
    return "\n".join(lines + [body, fence])


def quote(text):
    """A Markdown block quote of the text."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


class ChapterConverter:
    """Converts one chapter notebook to its reader edition."""

    def __init__(self, book, path):
        self.book, self.path = book, path
        self.docname = path.relative_to(book.root).with_suffix("").as_posix()
        self.nb = nbformat.read(path, as_version=4)
        self.glue = self.glued_values()
        self.cited = []  # keys in order of first citation
        labels = LABELLED_EQUATION.findall("\n".join(c.source for c in self.nb.cells if c.cell_type == "markdown"))
        self.equations = {label: str(k) for k, (_, label) in enumerate(labels, 1)}  # numbered in reading order
        names = [c.metadata["mystnb"]["figure"].get("name") for c in self.nb.cells
                 if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("figure")]
        # the figures of this notebook, numbered as convert() captions them
        self.figure_names = {name: self.book.figure_numbers.get((self.docname, k), str(k))
                             for k, name in enumerate(names, 1) if name}

    def glued_values(self):
        """name -> text/plain of every value the notebook glues."""
        values = {}
        for cell in self.nb.cells:
            for out in cell.get("outputs", []):
                name = out.get("metadata", {}).get("scrapbook", {}).get("name")
                if name is not None:
                    data = out.get("data", {})
                    plain = data.get(GLUE_MIME_PREFIX + "text/plain", data.get("text/plain"))
                    values[name] = plain if isinstance(plain, str) else "".join(plain)
        return values

    # Inline roles

    def role(self, name, content):
        target = re.match(r"^(.*?)\s*<([^>]+)>$", content, re.S)
        text, ref = (target.group(1), target.group(2)) if target else (None, content)
        if name in ("glue", "glue:", "glue:any", "glue:text"):
            key, _, spec = ref.rpartition(":") if name == "glue:text" and ":" in ref else (ref, "", "")
            if key not in self.glue:
                raise ConversionError(f"{self.path.name}: glued value {key!r} is not stored in the notebook")
            return format_plain_text(self.glue[key], spec)
        if name in ("cite:p", "cite:t", "cite"):
            keys = [key.strip() for key in ref.split(",")]
            self.cited += [key for key in keys if key not in self.cited]
            return self.book.bibliography.cite(keys, textual=name == "cite:t")
        if name == "term":
            anchor = self.book.terms.get(ref.lower())
            if anchor is None:
                raise ConversionError(f"{self.path.name}: {{term}} {ref!r} is not in the glossary")
            return f"[{text or ref}]({self.book.page('book/appendix/glossary')}#{anchor})"
        if name == "doc":
            docname = (pathlib.PurePosixPath(self.docname).parent / ref).as_posix()
            return f"[{text or page_title(self.book.root, docname)}]({self.book.page(docname)})"
        if name == "math":
            return f"${content}$"
        if name == "eq":
            if ref not in self.equations:
                raise ConversionError(f"{self.path.name}: {{eq}} {ref!r} names no labelled equation of the chapter")
            return f"({self.equations[ref]})"
        if name == "numref":
            number = self.figure_names.get(ref) or self.book.figure_names.get(ref)
            if number is None:
                raise ConversionError(f"{self.path.name}: {{numref}} {ref!r} names no figure of the book")
            return (text or "Figure {number}").replace("{number}", number).replace("%s", number)
        if name == "ref":
            if ref not in self.book.targets:
                raise ConversionError(f"{self.path.name}: {{ref}} {ref!r} names no `({ref})=` target")
            docname, heading = self.book.targets[ref]
            return f"[{text or heading}]({self.book.page(docname)}#{_make_id(ref)})"
        raise ConversionError(f"{self.path.name}: the role {{{name}}} has no reader-edition form yet")

    def inline(self, text):
        """Resolve every role in a piece of Markdown, leaving code spans and math alone."""
        text = LABELLED_EQUATION.sub(lambda m: f"\\tag{{{self.equations[m.group(2)]}}}\n$$", text)
        return ROLE.sub(lambda m: self.role(m.group(1), m.group(2)), text)

    # Block directives

    def directive(self, name, argument, options, body):
        if name == "exercise":
            number = self.book.exercise_numbers[options["label"]]
            return f"### Exercise {number}: {self.inline(argument)}\n\n{self.markdown(body)}"
        if name == "solution-end":
            return ""
        if name == "dropdown":
            return f"<details>\n<summary>{html.escape(argument)}</summary>\n\n{self.markdown(body)}\n\n</details>"
        if name in ("admonition", "note", "tip", "warning", "important", "caution", "attention", "hint",
                    "seealso", "danger", "error"):
            title = argument if name == "admonition" else (argument or name.capitalize())
            return quote(f"**{self.inline(title)}**\n\n{self.markdown(body)}")
        if name == "bibliography":
            return "BIBLIOGRAPHY"  # written at the end of the conversion, when every citation is known
        if name == "math":
            return f"$$\n{body}\n$$"
        raise ConversionError(f"{self.path.name}: the directive {{{name}}} has no reader-edition form yet")

    def markdown(self, text):
        """Reader Markdown for MyST Markdown. A solution's prose follows its start marker in the same cell
        and ends with the cell: it is folded into <details>."""
        parts, blocks = [], parse_blocks(text)
        for index, block in enumerate(blocks):
            if isinstance(block, tuple) and block[0] == "solution-start":
                number = self.book.exercise_numbers[block[1]]
                rest = "\n\n".join(b if isinstance(b, str) else unparse(b) for b in blocks[index + 1:])
                prose = self.markdown("\n\n".join(filter(None, [block[3], rest])))
                parts.append(f"<details>\n<summary><b>Solution to Exercise {number}</b> (try the exercise first)"
                             f"</summary>\n\n{prose}\n\n</details>")
                break
            parts.append(self.inline(block) if isinstance(block, str) else self.directive(*block))
        return "\n\n".join(part.strip("\n") for part in parts if part.strip())

    # Cells

    def convert(self):
        """The reader notebook."""
        nb = copy.deepcopy(self.nb)
        cells, solution, figures, first_code = [], None, 0, True
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                started = re.search(r"^:{3,}\{solution-start\}\s*(\S+)", cell.source, re.M)
                ended = re.search(r"^:{3,}\{solution-end\}", cell.source, re.M)
                cell.source = self.markdown(cell.source)
                solution = self.book.exercise_numbers[started.group(1)] if started else None if ended else solution
                if cell.source.strip():
                    cells.append(cell)
                continue
            if cell.cell_type != "code":
                cells.append(cell)
                continue
            cell.outputs = [out for out in cell.get("outputs", [])
                            if "scrapbook" not in out.get("metadata", {})
                            and not any(key.startswith(GLUE_MIME_PREFIX) for key in out.get("data", {}))]
            tags = cell.metadata.get("tags", [])
            check = TITLE_OF_CHECK.match(cell.source)
            if first_code:
                collapse(cell, "Setup: run this cell first (seeds, devices, versions)")
                first_code = False
            elif solution is not None:
                collapse(cell, f"Solution to Exercise {solution} (try the exercise first)")
                cell.outputs, cell.execution_count = [], None
            elif check:
                collapse(cell, check.group(1), drop_first_line=True)
            elif cell.source.startswith("# Answer checking:"):
                collapse(cell, "Answer checking: run this cell before the exercises")
            elif "hide-input" in tags:
                collapse(cell, "Code (folded on the site too)")
            cells.append(cell)
            figure = cell.metadata.get("mystnb", {}).get("figure")
            if figure:
                figures += 1
                number = self.book.figure_numbers.get((self.docname, figures), str(figures))
                caption = self.inline(figure.get("caption", ""))
                caption_cell = nbformat.v4.new_markdown_cell(f"*Figure {number}. {caption}*")
                caption_cell.id = f"{cell.id}-caption"  # a fixed id, so the same source gives the same bytes
                cells.append(caption_cell)
        for cell in cells:
            if cell.cell_type == "markdown" and "BIBLIOGRAPHY" in cell.source:
                cell.source = cell.source.replace("BIBLIOGRAPHY", self.reference_list())
        cells[0].source += ("\n\n> *Reader edition of a chapter of the course book, made from its source notebook; "
                            f"the same chapter online: <{self.book.page(self.docname)}>. "
                            "Work each exercise before you open its solution.*")
        nb.cells = cells
        return nb

    def reference_list(self):
        keys = sorted(self.cited, key=lambda key: (self.book.bibliography.authors(key).lower(),
                                                   self.book.bibliography.year(key)))
        return "\n".join(f"- {self.book.bibliography.reference(key)}" for key in keys)


def collapse(cell, title, drop_first_line=False):
    """Fold a code cell under a title: Colab's form view and JupyterLab's hidden source."""
    lines = cell.source.split("\n")
    if drop_first_line:
        lines = lines[1:]
    cell.source = "\n".join([f"#@title {title}"] + lines)
    cell.metadata["cellView"] = "form"  # Colab
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True  # JupyterLab and Notebook 7


def write_reader_notebooks(out_folder, root=ROOT):
    """Write every notebook's reader edition to out_folder, under the same file names; return their paths."""
    book, written = Book(root), []
    out_folder = pathlib.Path(out_folder)
    out_folder.mkdir(parents=True, exist_ok=True)
    for path in toc_notebooks(root):
        nb = ChapterConverter(book, path).convert()
        target = out_folder / path.name
        nbformat.write(nb, target)
        written.append(target)
    return written


if __name__ == "__main__":
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "notebooks"
    for written_path in write_reader_notebooks(folder):
        print(written_path.relative_to(ROOT) if written_path.is_relative_to(ROOT) else written_path)
