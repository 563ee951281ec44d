"""The figures' colours stay apart for readers with colour-vision deficiency (no browser needed).

tests/colour_vision.py simulates protanopia, deuteranopia and tritanopia and measures CIEDE2000 differences;
its formula is checked here against the 34 published test pairs of Sharma, Wu and Dalal (2005), "The CIEDE2000
color-difference formula: implementation notes, supplementary test data, and mathematical observations",
Color Research and Application 30(1), 21-30, Table I. Then the setup cell's palette, and every colour and
colour map a chapter's code names, are checked with it.
"""
import ast
import itertools
import json
import re

import pytest
from book_paths import ROOT, cell_name, toc_notebooks
from colour_vision import VISIONS, ciede2000, closest_pairs, difference, is_grey
from matplotlib import colors as mcolors
from matplotlib import style as mstyle

# Sharma, Wu and Dalal (2005), Table I: (L1, a1, b1), (L2, a2, b2), CIEDE2000 to four decimals.
SHARMA_PAIRS = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 3.1571, -77.2803), (50.0000, 0.0000, -82.7485), 2.8615),
    ((50.0000, 2.8361, -74.0200), (50.0000, 0.0000, -82.7485), 3.4412),
    ((50.0000, -1.3802, -84.2814), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, -1.1848, -84.8006), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, -0.9009, -85.5211), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, -1.0000, 2.0000), (50.0000, 0.0000, 0.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0010), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0012), 7.2195),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0009, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0010, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0011, -2.4900), 4.7461),
    ((50.0000, 2.5000, 0.0000), (50.0000, 0.0000, -2.5000), 4.3065),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (61.0000, -5.0000, 29.0000), 22.8977),
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
    ((50.0000, 2.5000, 0.0000), (58.0000, 24.0000, 15.0000), 19.4535),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.1736, 0.5854), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.2972, 0.0000), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 1.8634, 0.5757), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.2592, 0.3350), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize("pair", range(len(SHARMA_PAIRS)), ids=lambda k: f"pair {k + 1}")
def test_ciede2000_matches_the_published_test_data(pair):
    first, second, published = SHARMA_PAIRS[pair]
    assert round(ciede2000(first, second), 4) == published
    assert round(ciede2000(second, first), 4) == published  # the formula is symmetric


def test_colour_vision_simulation_merges_red_and_green_for_protanopia():
    """A check that the simulation does something: pure red and green, far apart for normal vision, come much
    closer with protanopia and deuteranopia."""
    normal = difference("#ff0000", "#00ff00")
    assert normal > 80
    for vision in ("protanopia", "deuteranopia"):
        assert difference("#ff0000", "#00ff00", vision) < normal / 2


CHAPTERS = toc_notebooks()
PALETTE_STYLE = "tableau-colorblind10"
# The smallest CIEDE2000 difference that two colours of one figure must keep, for each vision simulated.
# tableau-colorblind10's closest pair (two greys) is 9.4 apart for everyone; matplotlib's default, tab10,
# has pairs 1.3 (protanopia) and 3.3 (deuteranopia) apart, which this rejects.
DISTINCT = 9.0
# Colour maps that stay readable with colour-vision deficiency: perceptually uniform, single-hue, or
# diverging between blue and orange/red.
SAFE_COLOUR_MAPS = {"viridis", "cividis", "plasma", "inferno", "magma", "Greys", "gray", "grey", "binary",
                    "gist_yarg", "Blues", "Oranges", "Purples", "PuOr", "RdBu", "coolwarm", "bwr", "twilight"}
COLOUR_ARGUMENTS = {"color", "colors", "c", "facecolor", "facecolors", "edgecolor", "edgecolors", "ecolor",
                    "markerfacecolor", "markeredgecolor", "mfc", "mec", "colour", "colours", "cmap"}


def palette():
    return list(mstyle.library[PALETTE_STYLE]["axes.prop_cycle"].by_key()["color"])


def test_setup_cell_sets_a_colour_blind_safe_palette():
    assert f'plt.style.use("{PALETTE_STYLE}")' in (ROOT / "tools" / "setup_cell.py").read_text()
    for vision, (smallest, first, second) in closest_pairs(palette()).items():
        assert smallest >= DISTINCT, f"{first} and {second} look alike with {vision} vision ({smallest:.1f})"


def parsed_code_cells(notebook):
    """(index among all cells, syntax tree) of each code cell that parses (IPython magics blanked)."""
    for number, cell in enumerate(json.loads(notebook.read_text())["cells"]):
        if cell["cell_type"] == "code":
            lines = "".join(cell["source"]).splitlines()
            try:
                yield number, ast.parse("\n".join("" if line.lstrip().startswith(("%", "!")) else line
                                                  for line in lines))
            except SyntaxError:
                continue


def colours_written(tree):
    """The colours and colour maps a cell names: string constants given to a colour argument, or assigned to
    or looped over by a name about colour."""
    sources = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in COLOUR_ARGUMENTS:
            sources.append((node.arg == "cmap", node.value))
        elif isinstance(node, ast.Assign | ast.For | ast.comprehension):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)]
            if any(re.search(r"colou?r|cmap", name, re.IGNORECASE) for name in names):
                value = node.value if isinstance(node, ast.Assign) else node.iter
                sources.append((any("cmap" in name for name in names), value))
    colours, maps = set(), set()
    for is_map, value in sources:
        for constant in ast.walk(value):
            if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                if is_map:
                    maps.add(constant.value)
                elif mcolors.is_color_like(constant.value):
                    colours.add(constant.value)
    return colours, maps


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_figure_colours_stay_apart_with_colour_vision_deficiency(chapter):
    cycle = palette()
    problems = []
    for number, tree in parsed_code_cells(chapter):
        colours, maps = colours_written(tree)
        problems += [f"{cell_name(number)}: colour map {name!r} is not colour-blind safe"
                     for name in sorted(maps) if name.removesuffix("_r") not in SAFE_COLOUR_MAPS]
        resolved = {cycle[int(c[1:]) % len(cycle)] if re.fullmatch(r"C\d+", c) else c for c in colours}
        chromatic = sorted(c for c in resolved if not is_grey(c))
        for first, second in itertools.combinations(chromatic, 2):
            if difference(first, second) < DISTINCT:
                continue  # alike for everyone: shades of one colour, on purpose
            problems += [f"{cell_name(number)}: {first} and {second} look alike with {vision}"
                         for vision in VISIONS[1:] if difference(first, second, vision) < DISTINCT]
    assert not problems, "\n".join(problems)
