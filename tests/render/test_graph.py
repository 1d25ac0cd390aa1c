"""The co-occurrence graph: deterministic, accessible inline SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.render.graph import Node, cooccurrence_svg

SVG = "{http://www.w3.org/2000/svg}"


def graph(**overrides):
    neighbours = [Node("OTAN", "ORG", "../otan/index.html", 3), Node("Ucrania", "LOC", "../ucrania/index.html", 2),
                  Node("Moscú", "LOC", None, 1), Node("<b>Dmitry</b>", "PER", "../peskov/index.html", 1)]
    args = dict(center=Node("Vladimir Putin", "PER"), neighbours=neighbours, together={(0, 1): 2, (1, 2): 1},
                title="Entidades que aparecen junto a Vladimir Putin", description="Vladimir Putin y OTAN (3)")
    args.update(overrides)
    return cooccurrence_svg(**args)


def test_same_data_same_picture():
    assert str(graph()) == str(graph())


def test_svg_is_well_formed_with_title_and_description_for_screen_readers():
    root = ET.fromstring(str(graph()))
    assert root.tag == f"{SVG}svg" and root.get("role") == "group"
    assert root.get("aria-labelledby") == "graph-title graph-desc"
    assert root.find(f"{SVG}title").text == "Entidades que aparecen junto a Vladimir Putin"
    assert root.find(f"{SVG}desc").get("id") == "graph-desc"


def test_entities_with_a_page_are_links_and_the_others_are_not():
    root = ET.fromstring(str(graph()))
    links = {a.get("href"): a.get("aria-label") for a in root.iter(f"{SVG}a")}
    assert links == {"../otan/index.html": "OTAN", "../ucrania/index.html": "Ucrania",
                     "../peskov/index.html": "<b>Dmitry</b>"}  # escaped in the markup, text once parsed
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels == ["OTAN", "Ucrania", "Moscú", "<b>Dmitry</b>", "Vladimir Putin"]
    assert "<b>" not in str(graph())


def test_edges_grow_with_shared_stories_and_weak_side_links_are_left_out():
    root = ET.fromstring(str(graph()))
    spokes = [float(line.get("stroke-width")) for line in root.iter(f"{SVG}line") if line.get("class") == "edge"]
    assert spokes == sorted(spokes, reverse=True) and spokes[0] > spokes[-1]
    sides = [line for line in root.iter(f"{SVG}line") if line.get("class") == "edge-side"]
    assert len(sides) == 1  # (0, 1) share two stories; (1, 2) only one


def test_neighbours_are_spread_clockwise_from_the_top():
    root = ET.fromstring(str(graph()))
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), centre = circles
    assert x0 == centre[0] and y0 < centre[1]  # first at the top
    assert x1 > centre[0] and y2 > centre[1] and x3 < centre[0]  # then right, bottom, left


def test_no_neighbours_no_graph():
    assert str(graph(neighbours=[], together={})) == ""
